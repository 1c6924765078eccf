package dev.flujo.runtime;

/**
 * A failure that may succeed if tried again: SQLite {@code BUSY} or {@code LOCKED} (any extended
 * code), a time-out waiting for the write lock, or a time-out borrowing a pooled connection.
 * Retry policies retry exactly these.
 */
public class TransientStateException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates a transient failure. */
  public TransientStateException(
      String message, Throwable cause, String table, String column, int resultCode) {
    super(message, cause, table, column, resultCode);
  }

  /** Creates a transient failure that did not come from SQLite itself. */
  public TransientStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
