package dev.flujo.runtime.internal.error;

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
 * Turns {@link SQLException}s into {@link StateException}s. The decision rests on SQLite's extended
 * result code ({@link SQLiteException#getResultCode()}), never on message text.
 *
 * <p>Transient, and so retried: every {@code BUSY} and {@code LOCKED} code (primary or extended:
 * {@code BUSY_RECOVERY}, {@code BUSY_SNAPSHOT}, {@code BUSY_TIMEOUT}, {@code LOCKED_SHAREDCACHE},
 * {@code LOCKED_VTAB}), and a pool time-out ({@link SQLTransientConnectionException}) unless the
 * pool timed out because it could not open connections for a permanent SQLite reason. Everything
 * else (constraints, bad SQL, {@code CORRUPT}, {@code NOTADB}, {@code FULL}, {@code READONLY},
 * {@code IOERR}, codes sqlite-jdbc does not know) is permanent.
 */
public final class SqliteErrors {
  /** SQLITE_ERROR: generic error, e.g. bad SQL or a missing table. */
  public static final int ERROR = 1;

  /** SQLITE_BUSY. */
  public static final int BUSY = 5;

  /** SQLITE_LOCKED. */
  public static final int LOCKED = 6;

  /** SQLITE_NOMEM. */
  public static final int NOMEM = 7;

  /** SQLITE_READONLY. */
  public static final int READONLY = 8;

  /** SQLITE_INTERRUPT. */
  public static final int INTERRUPT = 9;

  /** SQLITE_IOERR. */
  public static final int IOERR = 10;

  /** SQLITE_CORRUPT. */
  public static final int CORRUPT = 11;

  /** SQLITE_FULL. */
  public static final int FULL = 13;

  /** SQLITE_CONSTRAINT. */
  public static final int CONSTRAINT = 19;

  /** SQLITE_NOTADB. */
  public static final int NOTADB = 26;

  private SqliteErrors() {}

  /**
   * The extended result code of a failure, or {@link StateException#NO_RESULT_CODE} when no SQLite
   * failure is behind it (or sqlite-jdbc did not recognise the code).
   */
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
   * causes and chained exceptions (batch failures and pool time-outs wrap the real failure).
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

  /** The primary result code (low 8 bits of the extended code), or -1 for none. */
  public static int primaryCode(int resultCode) {
    return resultCode < 0 ? -1 : resultCode & 0xff;
  }

  /** Whether an extended result code is {@code BUSY} or {@code LOCKED}, in any variant. */
  public static boolean isTransientCode(int resultCode) {
    int primary = primaryCode(resultCode);
    return primary == BUSY || primary == LOCKED;
  }

  /** Whether the failure is transient: busy, locked, or a pool time-out. */
  public static boolean isTransient(SQLException e) {
    int code = resultCode(e);
    if (e instanceof SQLTransientConnectionException) {
      return code == StateException.NO_RESULT_CODE || isTransientCode(code);
    }
    return isTransientCode(code);
  }

  /** Whether the failure says the file is corrupt or not a database. */
  public static boolean isCorruption(SQLException e) {
    int primary = primaryCode(resultCode(e));
    return primary == CORRUPT || primary == NOTADB;
  }

  /**
   * Whether a statement failing with this code inside a transaction may have rolled the whole
   * transaction back (SQLite does so for some {@code FULL}, {@code IOERR}, {@code BUSY}, {@code
   * NOMEM} and {@code INTERRUPT} failures), or left it in a state Flujo cannot know ({@code
   * CORRUPT}, {@code NOTADB}, or no SQLite code at all, such as a closed connection). Such a
   * transaction must not run further statements or commit.
   */
  public static boolean mayEndTransaction(int resultCode) {
    if (resultCode == StateException.NO_RESULT_CODE) {
      return true;
    }
    switch (primaryCode(resultCode)) {
      case BUSY:
      case NOMEM:
      case INTERRUPT:
      case IOERR:
      case CORRUPT:
      case FULL:
      case NOTADB:
        return true;
      default:
        return false;
    }
  }

  /**
   * Translates a failure of {@code operation} on {@code table} (may be null) into the matching
   * {@link StateException} subtype.
   */
  public static StateException translate(SQLException e, String operation, String table) {
    int code = resultCode(e);
    String where = table == null ? operation : operation + " on " + table;
    String message = where + ": " + describe(e);
    if (isTransient(e)) {
      return new TransientStateException(message, e, table, null, code);
    }
    switch (primaryCode(code)) {
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
