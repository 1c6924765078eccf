package dev.flujo.runtime;

/**
 * Root of every exception Flujo throws for a database operation. Carries, where known, the table
 * and column involved and the SQLite extended result code.
 */
public class StateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The result code when the failure did not come from SQLite. */
  public static final int NO_RESULT_CODE = -1;

  private final String table;
  private final String column;
  private final int resultCode;

  /** Creates an exception with a message and an optional cause. */
  public StateException(String message, Throwable cause) {
    this(message, cause, null, null, NO_RESULT_CODE);
  }

  /** Creates an exception with a message. */
  public StateException(String message) {
    this(message, null, null, null, NO_RESULT_CODE);
  }

  /**
   * Creates an exception naming the table and column involved (either may be null) and the SQLite
   * extended result code ({@link #NO_RESULT_CODE} if none).
   */
  public StateException(
      String message, Throwable cause, String table, String column, int resultCode) {
    super(message, cause);
    this.table = table;
    this.column = column;
    this.resultCode = resultCode;
  }

  /** The table involved, or null. */
  public String table() {
    return table;
  }

  /** The column involved, or null. */
  public String column() {
    return column;
  }

  /** SQLite's extended result code, or {@link #NO_RESULT_CODE}. */
  public int resultCode() {
    return resultCode;
  }

  /**
   * The SQLSTATE of the server failure behind this exception (PostgreSQL, e.g. {@code 40001}), or
   * null if there is none.
   */
  public String sqlState() {
    Throwable t = getCause();
    for (int depth = 0; t != null && depth < 8; depth++) {
      if (t instanceof java.sql.SQLException && ((java.sql.SQLException) t).getSQLState() != null) {
        return ((java.sql.SQLException) t).getSQLState();
      }
      t = t.getCause();
    }
    return null;
  }
}
