package dev.flujo.runtime;

/**
 * A value broke a constraint of the table: {@code NOT NULL}, {@code CHECK}, a foreign key, a
 * unique index, or a value SQLite cannot store (NaN). Never retried; nothing was written.
 */
public class ConstraintViolationException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConstraintViolationException(
      String message, Throwable cause, String table, String column, int resultCode) {
    super(message, cause, table, column, resultCode);
  }
}
