package dev.flujo.cli;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Opens a state file read-only through the runtime ({@link StateDatabase#openReadOnly(Path)}): no
 * schema is created, no setting is written, and nothing is created beside a file not in use.
 */
final class ReadOnlyFile {
  /** SQLite's primary result code for a write on a read-only connection. */
  static final int READONLY = 8;

  private ReadOnlyFile() {}

  /** The file, which must exist and be a regular file (usage error otherwise). */
  static Path existing(Path file) {
    if (Target.isServer(file.toString())) {
      throw new CliException(
          "this command works on SQLite state files; " + file + " is a PostgreSQL URL (the"
              + " server checks and backs up its own data: see its amcheck, pg_dump and"
              + " pg_basebackup)",
          Flujo.USAGE);
    }
    if (!Files.exists(file)) {
      throw new CliException("no such file: " + file, Flujo.USAGE);
    }
    if (!Files.isRegularFile(file)) {
      throw new CliException("not a file: " + file, Flujo.USAGE);
    }
    return file.toAbsolutePath().normalize();
  }

  /** Opens the existing {@code file} through {@link StateDatabase#openReadOnly(Path)}. */
  static Connection open(Path file) throws SQLException {
    return StateDatabase.openReadOnly(existing(file));
  }

  /** SQLite's primary result code of {@code e}, or -1 if it carries none. */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      return sqlite.getResultCode().code & 0xff;
    }
    return e.getErrorCode() > 0 ? e.getErrorCode() & 0xff : -1;
  }
}
