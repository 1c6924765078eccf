package dev.flujo.runtime;

/** An insert found a row with the same primary key. Never retried; nothing was written. */
public class DuplicateKeyException extends ConstraintViolationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DuplicateKeyException(String message, Throwable cause, String table, int resultCode) {
    super(message, cause, table, null, resultCode);
  }
}
