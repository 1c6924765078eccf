package dev.flujo.runtime;

/**
 * Told about every statement, transaction, transient failure and retry of one {@link
 * StateDatabase}; registered with {@link StateDatabase.Builder#listener}. For metrics bindings such
 * as flujo-micrometer's {@code FlujoMetrics}.
 *
 * <p>Methods are called on the thread doing the work, synchronously, so they must be fast and
 * thread-safe and must not throw (an exception escapes into the operation) or call back into the
 * database. A database without a listener does not read the clock for it.
 *
 * <p>Every method has an empty default, so a listener implements only what it needs.
 */
public interface OperationListener {
  /** How an attempt ended. */
  enum Outcome {
    /** It completed. */
    SUCCESS,
    /** It failed with a {@link TransientStateException} (busy, locked, a lock or pool time-out). */
    TRANSIENT_FAILURE,
    /** It failed with anything else. */
    FAILURE
  }

  /**
   * One attempt of one statement ended: a DAO or query method on a borrowed connection, or inside a
   * transaction. Retried attempts are reported each.
   *
   * @param table the statement's table
   * @param operation the statement's operation name, e.g. {@code FooDao.findById}
   * @param write whether the statement writes
   * @param outcome how it ended
   * @param nanos its duration, from waiting for the write lock and a connection to the result
   *     (for a stream: until it was opened)
   */
  default void operation(
      String table, String operation, boolean write, Outcome outcome, long nanos) {}

  /**
   * One attempt of an outermost transaction ended (nested ones are savepoints and not reported).
   *
   * @param write whether it was a write transaction ({@code inTransaction}) or a read one
   * @param outcome how it ended: commit, or the failure that rolled it back
   * @param nanos its duration, from waiting for the write lock to the end of commit or rollback
   */
  default void transaction(boolean write, Outcome outcome, long nanos) {}

  /**
   * A writer waited for the in-process write lock (reported whether or not it got it).
   *
   * @param table the statement's table, or null for a transaction
   * @param operation the statement's operation name, or {@code transaction}
   * @param nanos how long it waited
   */
  default void writeLockWait(String table, String operation, long nanos) {}

  /**
   * A transient failure happened (whoever retries it).
   *
   * @param table the table, or null if none is known
   * @param operation the operation name
   * @param kind {@code busy}, {@code locked}, {@code write_lock_timeout}, {@code pool_timeout}, or
   *     {@code sqlite_<code>} for another transient result code
   */
  default void transientFailure(String table, String operation, String kind) {}

  /**
   * The database is about to rerun an operation or transaction after a transient failure.
   *
   * @param operation the retried unit's name
   * @param failedAttempt the number of the attempt that failed, counting from 1
   * @param delayMillis how long it sleeps before the next attempt
   */
  default void retry(String operation, int failedAttempt, long delayMillis) {}

  /**
   * The database gave up on an operation or transaction: {@link RetryExhaustedException} follows.
   *
   * @param operation the retried unit's name
   * @param attempts how many attempts were made
   */
  default void retriesExhausted(String operation, int attempts) {}
}
