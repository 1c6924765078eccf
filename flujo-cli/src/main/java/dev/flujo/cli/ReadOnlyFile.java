package dev.flujo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * Opens a state file read-only: SQLite's read-only open flag, then {@code PRAGMA query_only}. No
 * schema is created, no setting is written, and nothing is created beside a file not in use.
 */
final class ReadOnlyFile {
  /** SQLite's primary result code for a write on a read-only connection. */
  static final int READONLY = 8;

  private ReadOnlyFile() {}

  /** The file, which must exist and be a regular file (usage error otherwise). */
  static Path existing(Path file) {
    if (!Files.exists(file)) {
      throw new CliException("no such file: " + file, Flujo.USAGE);
    }
    if (!Files.isRegularFile(file)) {
      throw new CliException("not a file: " + file, Flujo.USAGE);
    }
    return file.toAbsolutePath().normalize();
  }

  static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5_000);
    Path path = existing(file);
    Connection connection = JDBC.createConnection(url(path), config.toProperties());
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * A file with no {@code -wal} or {@code -shm} beside it is not open in any process and holds
   * everything in itself: it is read with {@code immutable=1}, so that SQLite creates no {@code
   * -wal} or {@code -shm} beside it (a read-only connection could not remove them again). Any
   * other file is opened normally, read-only, and its companions are left as they are.
   */
  static String url(Path path) {
    boolean quiet =
        !Files.exists(path.resolveSibling(path.getFileName() + "-wal"))
            && !Files.exists(path.resolveSibling(path.getFileName() + "-shm"));
    return quiet
        ? "jdbc:sqlite:file:" + path.toUri().getRawPath() + "?immutable=1"
        : "jdbc:sqlite:" + path;
  }

  /** SQLite's primary result code of {@code e}, or -1 if it carries none. */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      return sqlite.getResultCode().code & 0xff;
    }
    return e.getErrorCode() > 0 ? e.getErrorCode() & 0xff : -1;
  }
}
