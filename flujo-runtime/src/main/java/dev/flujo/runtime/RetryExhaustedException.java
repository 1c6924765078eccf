package dev.flujo.runtime;

/** A transient failure that persisted through every attempt of a retry policy. */
public class RetryExhaustedException extends StateException {
  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final long waitedMillis;

  /** Creates the exception; the cause is the last attempt's failure. */
  public RetryExhaustedException(
      String operation, int attempts, long waitedMillis, TransientStateException lastCause) {
    super(
        operation
            + " failed after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " ("
            + waitedMillis
            + " ms waited between attempts): "
            + lastCause.getMessage(),
        lastCause,
        lastCause.table(),
        lastCause.column(),
        lastCause.resultCode());
    this.attempts = attempts;
    this.waitedMillis = waitedMillis;
  }

  /** How many attempts were made, including the first. */
  public int attempts() {
    return attempts;
  }

  /** Total time slept between attempts, in milliseconds. */
  public long waitedMillis() {
    return waitedMillis;
  }

  /** The failure of the last attempt. */
  public TransientStateException lastCause() {
    return (TransientStateException) getCause();
  }
}
