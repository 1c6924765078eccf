package dev.flujo.runtime.internal.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

/**
 * A connection for inspecting a state file without changing it: SQLite's read-only open flag, then
 * {@code PRAGMA query_only}. No schema is created and no setting is written.
 */
public final class ReadOnlyFile {
  private ReadOnlyFile() {}

  /**
   * Opens {@code file} read-only, waiting up to {@code busyTimeoutMillis} for locks. A file with no
   * {@code -wal} or {@code -shm} beside it is not open in any process and holds everything in
   * itself: it is read with {@code immutable=1}, so that SQLite creates no {@code -wal} or {@code
   * -shm} beside it (a read-only connection could not remove them again). Any other file is opened
   * normally, read-only, and its companions are left as they are.
   */
  public static Connection open(Path file, int busyTimeoutMillis) throws SQLException {
    Path path = file.toAbsolutePath().normalize();
    boolean quiet =
        !Files.exists(path.resolveSibling(path.getFileName() + "-wal"))
            && !Files.exists(path.resolveSibling(path.getFileName() + "-shm"));
    String url =
        quiet
            ? "jdbc:sqlite:file:" + path.toUri().getRawPath() + "?immutable=1"
            : "jdbc:sqlite:" + path;
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(busyTimeoutMillis);
    return queryOnly(JDBC.createConnection(url, config.toProperties()));
  }

  /**
   * Opens {@code file}, which a database of this process has open (so its {@code -wal} and {@code
   * -shm} exist), read-only, to watch it for other connections' commits.
   */
  public static Connection watching(Path file, int busyTimeoutMillis) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(busyTimeoutMillis);
    return queryOnly(
        JDBC.createConnection(
            "jdbc:sqlite:" + file.toAbsolutePath().normalize(), config.toProperties()));
  }

  /** An empty in-memory database that refuses writes, standing for a file that does not exist. */
  public static Connection empty() throws SQLException {
    return queryOnly(
        JDBC.createConnection("jdbc:sqlite::memory:", new SQLiteConfig().toProperties()));
  }

  private static Connection queryOnly(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException close) {
        e.addSuppressed(close);
      }
      throw e;
    }
    return connection;
  }
}
