package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.OperationListener.Outcome;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.pool.ConnectionPool;
import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Attempt;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements and transactions for one database.
 *
 * <ul>
 *   <li>Writers are serialized in this process by a fair lock taken before a connection is
 *       borrowed, so threads never meet SQLite's busy handler because of each other and wait in
 *       arrival order; readers take no lock.
 *   <li>A transaction binds its connection to the calling thread: statements run on that thread
 *       inside it use it and do not retry alone; nested transactions are savepoints. Other threads
 *       never join it.
 *   <li>Outside a transaction, a statement retries transient failures under its policy; a
 *       transaction reruns its whole body.
 *   <li>A connection whose state is unknown after a failure is evicted from the pool, never
 *       returned to it.
 *   <li>After each write the database file is checked to still be the one opened ({@link
 *       DatabaseFile}), and the WAL is kept bounded ({@link WalCheckpointer}).
 * </ul>
 */
public final class TransactionManager {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);

  private final ConnectionPool pool;
  private final DatabaseFile file;
  private final WalCheckpointer checkpointer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final long writeLockTimeoutNanos;
  private final ThreadLocal<Transaction> current = new ThreadLocal<>();
  private final RetryPolicy defaultPolicy;
  private final Retrier retrier;
  private final LongAdder operations = new LongAdder();
  private final LongAdder transientFailures = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final OperationListener listener;

  /**
   * Creates a manager over a pool.
   *
   * @param file the identity of the database file, checked after each write
   * @param walLimitBytes the WAL size past which writers truncate it; 0 or less: never
   * @param writeLockTimeoutMillis how long a writer waits for the in-process write lock before
   *     failing transiently; also the connections' busy timeout
   */
  public TransactionManager(
      ConnectionPool pool,
      DatabaseFile file,
      long walLimitBytes,
      RetryPolicy defaultPolicy,
      Retrier retrier,
      long writeLockTimeoutMillis) {
    this(pool, file, walLimitBytes, defaultPolicy, retrier, writeLockTimeoutMillis, null);
  }

  /**
   * Creates a manager over a pool that reports each statement, transaction, write-lock wait and
   * transient failure to {@code listener} (null: nobody, and no clock reads for it).
   */
  public TransactionManager(
      ConnectionPool pool,
      DatabaseFile file,
      long walLimitBytes,
      RetryPolicy defaultPolicy,
      Retrier retrier,
      long writeLockTimeoutMillis,
      OperationListener listener) {
    this.listener = listener;
    this.pool = Objects.requireNonNull(pool, "pool");
    this.file = Objects.requireNonNull(file, "file");
    this.checkpointer = new WalCheckpointer(file, walLimitBytes, (int) writeLockTimeoutMillis);
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.writeLockTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeLockTimeoutMillis);
  }

  /** The policy used when a statement or transaction names none. */
  public RetryPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /** The retrier, which counts retries and exhaustions. */
  public Retrier retrier() {
    return retrier;
  }

  /** Statements run and transactions begun, counting every attempt. */
  public long operations() {
    return operations.sum();
  }

  /**
   * Transient failures of this database's operations (busy, locked, lock and pool time-outs),
   * whoever retried them.
   */
  public long transientFailures() {
    return transientFailures.sum();
  }

  /** Truncating WAL checkpoints run to keep the WAL within its limit. */
  public long walCheckpoints() {
    return checkpointer.checkpoints();
  }

  /**
   * Stops the WAL checkpoints writers run until the returned action runs, for an online backup
   * holding an old snapshot: a checkpoint could not restart the log then and would only wait.
   */
  public Runnable pauseCheckpoints() {
    return checkpointer.pause();
  }

  /** Connections evicted because their state was unknown after a failure. */
  public long evictions() {
    return evictions.sum();
  }

  /** Whether the calling thread is inside a transaction of this database. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  /**
   * Runs one statement: inside the calling thread's transaction if there is one (no retry), else on
   * a borrowed connection, retried under the statement's policy.
   */
  public <T> T execute(SqlStatement statement, StatementCallback<T> callback) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.run(statement, callback);
    }
    long start = System.nanoTime();
    try {
      return executeOnce(statement, callback);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e,
          start,
          policy(statement),
          statement.operation(),
          () -> executeOnce(statement, callback));
    }
  }

  private <T> T executeOnce(SqlStatement statement, StatementCallback<T> callback) {
    if (listener != null) {
      return timed(statement, () -> executeUntimed(statement, callback));
    }
    return executeUntimed(statement, callback);
  }

  /** Runs {@code work} and reports it to the listener as one attempt of {@code statement}. */
  <T> T timed(SqlStatement statement, Attempt<T> work) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILURE;
    try {
      T result = work.run();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (TransientStateException e) {
      outcome = Outcome.TRANSIENT_FAILURE;
      throw e;
    } finally {
      listener.operation(
          statement.table(),
          statement.operation(),
          statement.isWrite(),
          outcome,
          System.nanoTime() - start);
    }
  }

  /** The listener, or null. */
  OperationListener listener() {
    return listener;
  }

  private <T> T executeUntimed(SqlStatement statement, StatementCallback<T> callback) {
    operations.increment();
    boolean write = statement.isWrite();
    if (write) {
      lockWriter(statement.operation(), statement.table());
    }
    try {
      Connection borrowed = borrow(statement.operation(), statement.table());
      PooledSqliteConnection physical = null;
      boolean reusable = true;
      try {
        physical = ConnectionPool.physical(borrowed);
        T result = runOn(physical, statement, callback);
        if (write) {
          afterWrite(physical, statement.operation(), statement.table());
        }
        return result;
      } catch (SQLException e) {
        reusable = isOpen(physical);
        throw failure(e, statement.operation(), statement.table());
      } finally {
        release(borrowed, reusable);
      }
    } finally {
      if (write) {
        writeLock.unlock();
      }
    }
  }

  static <T> T runOn(
      PooledSqliteConnection connection, SqlStatement statement, StatementCallback<T> callback)
      throws SQLException {
    PreparedStatement prepared = connection.acquire(statement);
    boolean ok = false;
    try {
      T result = callback.run(prepared);
      ok = true;
      return result;
    } finally {
      connection.release(statement, prepared, ok);
    }
  }

  /**
   * Opens a lazy stream over a query's rows. Outside a transaction the stream holds a borrowed
   * connection until it is closed; opening is retried, reading is not. Inside one it uses the
   * transaction's connection and is closed when the transaction ends.
   */
  public <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.stream(statement, binder, mapper);
    }
    long start = System.nanoTime();
    try {
      return openStream(statement, binder, mapper);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e,
          start,
          policy(statement),
          statement.operation(),
          () -> openStream(statement, binder, mapper));
    }
  }

  private <T> Stream<T> openStream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    if (listener != null) {
      return timed(statement, () -> openStreamUntimed(statement, binder, mapper));
    }
    return openStreamUntimed(statement, binder, mapper);
  }

  private <T> Stream<T> openStreamUntimed(
      SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    operations.increment();
    Connection borrowed = borrow(statement.operation(), statement.table());
    PooledSqliteConnection physical = null;
    try {
      physical = ConnectionPool.physical(borrowed);
      PooledSqliteConnection connection = physical;
      return RowStream.open(
          physical,
          statement,
          binder,
          mapper,
          e -> failure(e, statement.operation(), statement.table()),
          () -> release(borrowed, isOpen(connection)));
    } catch (SQLException e) {
      release(borrowed, isOpen(physical));
      throw failure(e, statement.operation(), statement.table());
    } catch (RuntimeException | Error e) {
      release(borrowed, isOpen(physical));
      throw e;
    }
  }

  /**
   * Runs {@code body} in a transaction. Outermost: a write transaction takes the write lock and
   * begins {@code IMMEDIATE}, a read transaction begins {@code DEFERRED} with {@code query_only};
   * commit on return, rollback on any throwable; transient failures rerun the whole body under
   * {@code policy} (null: the default). Nested: a savepoint, rolled back alone if {@code body}
   * throws; {@code policy} does not apply, the outermost block retries.
   */
  public <T> T inTransaction(RetryPolicy policy, boolean write, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    Transaction tx = current.get();
    if (tx != null) {
      return tx.nested(write, body);
    }
    RetryPolicy effective = policy != null ? policy : defaultPolicy;
    String operation = write ? "transaction" : "read transaction";
    return retrier.call(effective, operation, () -> transactionOnce(operation, write, body));
  }

  private <T> T transactionOnce(String operation, boolean write, Supplier<T> body) {
    if (listener == null) {
      return transactionUntimed(operation, write, body);
    }
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILURE;
    try {
      T result = transactionUntimed(operation, write, body);
      outcome = Outcome.SUCCESS;
      return result;
    } catch (TransientStateException e) {
      outcome = Outcome.TRANSIENT_FAILURE;
      throw e;
    } finally {
      listener.transaction(write, outcome, System.nanoTime() - start);
    }
  }

  private <T> T transactionUntimed(String operation, boolean write, Supplier<T> body) {
    operations.increment();
    if (write) {
      lockWriter(operation, null);
    }
    try {
      Connection borrowed = borrow(operation, null);
      Transaction tx = null;
      try {
        PooledSqliteConnection physical;
        try {
          physical = ConnectionPool.physical(borrowed);
          tx = new Transaction(this, physical, write);
        } catch (SQLException e) {
          throw failure(e, operation, null);
        }
        tx.begin(operation);
        current.set(tx);
        T result;
        try {
          result = body.get();
        } catch (Throwable t) {
          current.remove();
          tx.rollbackAfter(t);
          throw t;
        }
        current.remove();
        tx.commit();
        if (write) {
          afterWrite(physical, operation, null);
        }
        return result;
      } finally {
        current.remove();
        release(borrowed, tx != null && tx.reusable());
      }
    } finally {
      if (write) {
        writeLock.unlock();
      }
    }
  }

  /**
   * After a write committed, with the write lock held: refuses to acknowledge it if the file was
   * deleted or replaced meanwhile, and keeps the WAL bounded.
   */
  private void afterWrite(PooledSqliteConnection connection, String operation, String table) {
    file.checkUnmoved(operation, table);
    checkpointer.afterWrite(connection);
  }

  /** Translates a failure of this database, counting it if it is transient. */
  StateException failure(SQLException e, String operation, String table) {
    StateException failure = SqliteErrors.translate(e, operation, table);
    if (failure instanceof TransientStateException) {
      transientFailures.increment();
      if (listener != null) {
        listener.transientFailure(table, operation, kind(failure.resultCode()));
      }
    }
    return failure;
  }

  private static String kind(int resultCode) {
    if (resultCode == StateException.NO_RESULT_CODE) {
      return "pool_timeout";
    }
    switch (resultCode & 0xff) {
      case 5:
        return "busy";
      case 6:
        return "locked";
      default:
        return "sqlite_" + resultCode;
    }
  }

  void countOperation() {
    operations.increment();
  }

  private RetryPolicy policy(SqlStatement statement) {
    RetryPolicy p = statement.retryPolicy();
    return p != null ? p : defaultPolicy;
  }

  private void lockWriter(String operation, String table) {
    boolean locked;
    long start = listener != null ? System.nanoTime() : 0L;
    try {
      locked = writeLock.tryLock(writeLockTimeoutNanos, TimeUnit.NANOSECONDS);
      if (listener != null) {
        listener.writeLockWait(table, operation, System.nanoTime() - start);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException(
          where(operation, table) + ": interrupted while waiting for the write lock",
          e,
          table,
          null,
          StateException.NO_RESULT_CODE);
    }
    if (!locked) {
      transientFailures.increment();
      if (listener != null) {
        listener.transientFailure(table, operation, "write_lock_timeout");
      }
      throw new TransientStateException(
          where(operation, table)
              + ": waited "
              + TimeUnit.NANOSECONDS.toMillis(writeLockTimeoutNanos)
              + " ms (the busy timeout) for the write lock, held by another thread of this"
              + " process; a long write transaction blocks every other writer",
          null,
          table,
          null,
          StateException.NO_RESULT_CODE);
    }
  }

  private Connection borrow(String operation, String table) {
    try {
      return pool.borrow();
    } catch (SQLException e) {
      throw failure(e, operation + " (borrowing from pool " + pool.name() + ")", table);
    }
  }

  /**
   * Returns a borrowed connection to the pool, or evicts it when its state is unknown; an evicted
   * connection is closed by the pool and never handed out again.
   */
  private void release(Connection borrowed, boolean reusable) {
    if (!reusable) {
      evict(borrowed, "its transaction state is unknown after a failure");
      return;
    }
    try {
      borrowed.close();
    } catch (SQLException e) {
      LOG.debug("returning a connection to pool {} failed", pool.name(), e);
      evict(borrowed, "returning it to the pool failed");
    }
  }

  private void evict(Connection borrowed, String reason) {
    evictions.increment();
    LOG.warn("evicting a connection of pool {}: {}", pool.name(), reason);
    pool.evict(borrowed);
  }

  private static boolean isOpen(PooledSqliteConnection connection) {
    try {
      return connection != null && !connection.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  private static String where(String operation, String table) {
    return table == null ? operation : operation + " on " + table;
  }
}
