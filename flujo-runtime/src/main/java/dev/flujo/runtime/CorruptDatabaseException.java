package dev.flujo.runtime;

/**
 * The database file is not a database or is damaged (SQLite {@code CORRUPT} or {@code NOTADB}, or a
 * failed integrity check). Never retried.
 */
public class CorruptDatabaseException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public CorruptDatabaseException(String message, Throwable cause, int resultCode) {
    super(message, cause, null, null, resultCode);
  }

  /** Creates the exception naming a table. */
  public CorruptDatabaseException(String message, Throwable cause, String table, int resultCode) {
    super(message, cause, table, null, resultCode);
  }
}
