package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How one open database runs statements and transactions: {@link TransactionManager} on SQLite,
 * {@code PgTransactions} on PostgreSQL. {@code StateDatabase} and the session delegate here.
 */
public interface Transactions {
  /** Runs one statement, in the calling thread's transaction if any, else retried alone. */
  <T> T execute(SqlStatement statement, StatementCallback<T> callback);

  /** A lazy stream over a query's rows. */
  <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper);

  /** Runs {@code body} in a transaction (a savepoint when nested), retried as a whole. */
  <T> T inTransaction(RetryPolicy policy, boolean write, Supplier<T> body);

  /** Whether the calling thread is inside a transaction. */
  boolean inTransaction();

  /** The policy of operations that declare none. */
  RetryPolicy defaultPolicy();

  /** The retrier, with its counters. */
  Retrier retrier();

  /** Statements and transactions run so far. */
  long operations();

  /** Transient failures seen so far. */
  long transientFailures();

  /** Streams open now. */
  int openStreams();

  /** WAL checkpoints run (SQLite; 0 elsewhere). */
  long walCheckpoints();

  /** WAL checkpoints blocked by readers (SQLite; 0 elsewhere). */
  long walCheckpointsBlocked();

  /** Pauses WAL checkpoints until the returned action runs (SQLite; a no-op elsewhere). */
  Runnable pauseCheckpoints();

  /**
   * Refuses new work, waits up to {@code grace} for work in flight, then closes the connections
   * still in use.
   *
   * @return how many connections were closed that way
   */
  int close(Duration grace);
}
