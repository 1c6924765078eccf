package dev.flujo.runtime;

/** A transient failure that persisted through every attempt of a retry policy. */
public class RetryExhaustedException extends StateException {
  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final long elapsedMillis;
  private final long waitedMillis;

  /**
   * Creates the exception when only the time between attempts is known; the elapsed time is taken
   * to be that.
   */
  public RetryExhaustedException(
      String operation, int attempts, long waitedMillis, TransientStateException lastCause) {
    this(operation, attempts, waitedMillis, waitedMillis, lastCause);
  }

  /**
   * Creates the exception; the cause is the last attempt's failure.
   *
   * @param operation the retried unit, e.g. {@code FooDao.upsert}
   * @param attempts attempts made, including the first
   * @param elapsedMillis wall-clock time from the start of the first attempt to giving up
   * @param waitedMillis the part of it slept between attempts
   * @param lastCause the last attempt's failure
   */
  public RetryExhaustedException(
      String operation,
      int attempts,
      long elapsedMillis,
      long waitedMillis,
      TransientStateException lastCause) {
    super(
        operation
            + " failed after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " in "
            + elapsedMillis
            + " ms ("
            + waitedMillis
            + " ms of it waiting between attempts, "
            + Math.max(0, elapsedMillis - waitedMillis)
            + " ms inside the attempts, including any wait for a lock or a pooled connection): "
            + lastCause.getMessage(),
        lastCause,
        lastCause.table(),
        lastCause.column(),
        lastCause.resultCode());
    this.attempts = attempts;
    this.elapsedMillis = elapsedMillis;
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

  /**
   * Wall-clock time of the whole retried unit, from the start of the first attempt to giving up, in
   * milliseconds: the attempts (each may have waited up to the busy timeout for another process's
   * lock) plus {@link #waitedMillis()}.
   */
  public long elapsedMillis() {
    return elapsedMillis;
  }

  /**
   * Time spent inside the attempts, in milliseconds: {@link #elapsedMillis()} minus {@link
   * #waitedMillis()}. With SQLite this is mostly time waiting in the busy handler for another
   * connection's lock.
   */
  public long attemptMillis() {
    return Math.max(0, elapsedMillis - waitedMillis);
  }

  /** The failure of the last attempt. */
  public TransientStateException lastCause() {
    return (TransientStateException) getCause();
  }
}
