package dev.flujo.runtime.error;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns {@link SQLException}s into {@link StateException}s. The decision rests on SQLite's
 * extended result code ({@link SQLiteException#getResultCode()}), never on message text.
 */
public final class SqliteErrors {
  /** SQLITE_BUSY. */
  public static final int BUSY = 5;
  /** SQLITE_LOCKED. */
  public static final int LOCKED = 6;
  /** SQLITE_CORRUPT. */
  public static final int CORRUPT = 11;
  /** SQLITE_CONSTRAINT. */
  public static final int CONSTRAINT = 19;
  /** SQLITE_NOTADB. */
  public static final int NOTADB = 26;

  private SqliteErrors() {}

  /** The extended result code of a failure, or {@link StateException#NO_RESULT_CODE}. */
  public static int resultCode(SQLException e) {
    SQLiteException sqlite = sqliteCause(e);
    if (sqlite != null) {
      SQLiteErrorCode code = sqlite.getResultCode();
      if (code != null && code != SQLiteErrorCode.UNKNOWN_ERROR) {
        return code.code;
      }
    }
    return StateException.NO_RESULT_CODE;
  }

  /**
   * The SQLite failure behind {@code e}: itself, or the first {@link SQLiteException} among its
   * causes and chained exceptions (batch failures wrap the statement's failure).
   */
  private static SQLiteException sqliteCause(SQLException e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++) {
      if (t instanceof SQLiteException) {
        return (SQLiteException) t;
      }
      Throwable next = t.getCause();
      if (next == null && t instanceof SQLException) {
        next = ((SQLException) t).getNextException();
      }
      t = next;
    }
    return null;
  }

  /** The primary result code (low 8 bits of the extended code), or -1. */
  public static int primaryCode(int resultCode) {
    return resultCode < 0 ? -1 : resultCode & 0xff;
  }

  /** Whether the failure is transient: busy, locked, or a pool time-out. */
  public static boolean isTransient(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return true;
    }
    int primary = primaryCode(resultCode(e));
    return primary == BUSY || primary == LOCKED;
  }

  /** Whether the failure says the file is corrupt or not a database. */
  public static boolean isCorruption(SQLException e) {
    int primary = primaryCode(resultCode(e));
    return primary == CORRUPT || primary == NOTADB;
  }

  /**
   * Translates a failure of {@code operation} on {@code table} (may be null) into the matching
   * {@link StateException} subtype.
   */
  public static StateException translate(SQLException e, String operation, String table) {
    int code = resultCode(e);
    int primary = primaryCode(code);
    String where = table == null ? operation : operation + " on " + table;
    String message = where + ": " + describe(e);
    if (e instanceof SQLTransientConnectionException) {
      return new TransientStateException(message, e, table, null, code);
    }
    switch (primary) {
      case BUSY:
      case LOCKED:
        return new TransientStateException(message, e, table, null, code);
      case CONSTRAINT:
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY.code) {
          return new DuplicateKeyException(message, e, table, code);
        }
        return new ConstraintViolationException(message, e, table, null, code);
      case CORRUPT:
      case NOTADB:
        return new CorruptDatabaseException(message, e, table, code);
      default:
        return new StateException(message, e, table, null, code);
    }
  }

  private static String describe(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
