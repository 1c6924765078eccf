package dev.flujo.runtime;

/**
 * The database file's schema differs from what the code declares in a way Flujo will not change
 * on its own. The message names the table, each differing column, what the file has and what the
 * code expects.
 */
public class SchemaMismatchException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a table. */
  public SchemaMismatchException(String message, String table) {
    super(message, null, table, null, NO_RESULT_CODE);
  }

  /** Creates the exception for a table with a cause. */
  public SchemaMismatchException(String message, String table, Throwable cause) {
    super(message, cause, table, null, NO_RESULT_CODE);
  }
}
