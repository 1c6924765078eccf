package dev.flujo.runtime;

/**
 * The connection to a server was lost while {@code COMMIT} was in flight: the transaction may or
 * may not have committed, and nothing on the client can tell which. Flujo never retries it (a
 * retry could apply the work twice); the caller must find out, for instance by reading the rows
 * the transaction wrote, or make the work idempotent. Never thrown on SQLite, where commit is
 * local.
 */
public class CommitOutcomeUnknownException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the connection failure as its cause. */
  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
