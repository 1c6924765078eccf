package dev.flujo.runtime.tx;

import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.error.SqliteErrors;
import dev.flujo.runtime.pool.ConnectionPool;
import dev.flujo.runtime.pool.PooledSqliteConnection;
import dev.flujo.runtime.retry.Retrier;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements and transactions for one database.
 *
 * <ul>
 *   <li>Writers are serialized in this process by a lock taken before a connection is borrowed,
 *       so threads never meet SQLite's busy handler because of each other; readers take no lock.
 *   <li>A transaction binds its connection to the calling thread: statements run on that thread
 *       inside it use it and do not retry alone; nested transactions are savepoints.
 *   <li>Outside a transaction, a statement retries transient failures under its policy.
 * </ul>
 */
public final class TransactionManager {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);

  private static final SqlStatement BEGIN_IMMEDIATE =
      SqlStatement.write(null, "begin transaction", "BEGIN IMMEDIATE", null);
  private static final SqlStatement BEGIN_DEFERRED =
      SqlStatement.read(null, "begin read transaction", "BEGIN DEFERRED", null);
  private static final SqlStatement COMMIT =
      SqlStatement.write(null, "commit", "COMMIT", null);
  private static final SqlStatement ROLLBACK =
      SqlStatement.write(null, "rollback", "ROLLBACK", null);
  private static final SqlStatement QUERY_ONLY_ON =
      SqlStatement.read(null, "read-only transaction", "PRAGMA query_only = 1", null);
  private static final SqlStatement QUERY_ONLY_OFF =
      SqlStatement.read(null, "read-only transaction", "PRAGMA query_only = 0", null);

  private final ConnectionPool pool;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final long writeLockTimeoutNanos;
  private final ThreadLocal<Transaction> current = new ThreadLocal<>();
  private final RetryPolicy defaultPolicy;
  private final Retrier retrier;
  private final LongAdder operations = new LongAdder();

  /** Creates a manager over a pool. */
  public TransactionManager(
      ConnectionPool pool, RetryPolicy defaultPolicy, Retrier retrier, long writeLockTimeoutMillis) {
    this.pool = pool;
    this.defaultPolicy = defaultPolicy;
    this.retrier = retrier;
    this.writeLockTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeLockTimeoutMillis);
  }

  /** The policy used when a statement or transaction names none. */
  public RetryPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /** The retrier, which counts retries and failures. */
  public Retrier retrier() {
    return retrier;
  }

  /** Statements and transactions attempted. */
  public long operations() {
    return operations.sum();
  }

  /** Whether the calling thread is inside a transaction of this database. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  /**
   * Runs one statement: inside the calling thread's transaction if there is one (no retry), else
   * on a borrowed connection, retried under the statement's policy.
   */
  public <T> T execute(SqlStatement statement, StatementCallback<T> callback) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.run(statement, callback);
    }
    try {
      return executeOnce(statement, callback);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e, policy(statement), statement.operation(), () -> executeOnce(statement, callback));
    }
  }

  private <T> T executeOnce(SqlStatement statement, StatementCallback<T> callback) {
    operations.increment();
    boolean write = statement.isWrite();
    if (write) {
      lockWriter(statement.operation());
    }
    try {
      Connection borrowed = borrow(statement.operation());
      try {
        return runOn(ConnectionPool.physical(borrowed), statement, callback);
      } catch (SQLException e) {
        throw SqliteErrors.translate(e, statement.operation(), statement.table());
      } finally {
        giveBack(borrowed);
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
   * connection until it is closed; opening is retried, reading is not.
   */
  public <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.stream(statement, binder, mapper);
    }
    try {
      return openStream(statement, binder, mapper);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e,
          policy(statement),
          statement.operation(),
          () -> openStream(statement, binder, mapper));
    }
  }

  private <T> Stream<T> openStream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    operations.increment();
    Connection borrowed = borrow(statement.operation());
    try {
      return RowStream.open(
          ConnectionPool.physical(borrowed), statement, binder, mapper, () -> giveBack(borrowed));
    } catch (SQLException e) {
      giveBack(borrowed);
      throw SqliteErrors.translate(e, statement.operation(), statement.table());
    } catch (RuntimeException | Error e) {
      giveBack(borrowed);
      throw e;
    }
  }

  /**
   * Runs {@code body} in a transaction. Outermost: a write transaction takes the write lock and
   * begins {@code IMMEDIATE}, a read transaction begins {@code DEFERRED} with {@code query_only};
   * commit on return, rollback on any throwable; transient failures rerun the whole body under
   * {@code policy} (null: the default). Nested: a savepoint, rolled back alone if {@code body}
   * throws.
   */
  public <T> T inTransaction(RetryPolicy policy, boolean write, Supplier<T> body) {
    Transaction tx = current.get();
    if (tx != null) {
      if (write && !tx.write) {
        throw new IllegalStateException(
            "a write transaction cannot start inside readTransaction; "
                + "use inTransaction for the outer block");
      }
      return tx.savepoint(body);
    }
    RetryPolicy effective = policy != null ? policy : defaultPolicy;
    String operation = write ? "transaction" : "read transaction";
    return retrier.call(effective, operation, () -> transactionOnce(write, body));
  }

  private <T> T transactionOnce(boolean write, Supplier<T> body) {
    operations.increment();
    String operation = write ? "transaction" : "read transaction";
    if (write) {
      lockWriter(operation);
    }
    try {
      Connection borrowed = borrow(operation);
      boolean healthy = true;
      try {
        Transaction tx = new Transaction(this, ConnectionPool.physical(borrowed), write);
        tx.begin();
        current.set(tx);
        T result;
        try {
          result = body.get();
        } catch (Throwable t) {
          current.remove();
          healthy = tx.rollbackAfter(t);
          throw t;
        }
        current.remove();
        try {
          tx.commit();
        } catch (SQLException e) {
          healthy = tx.rollbackAfter(e);
          throw e;
        }
        healthy = tx.end();
        return result;
      } catch (SQLException e) {
        throw SqliteErrors.translate(e, operation, null);
      } finally {
        current.remove();
        if (healthy) {
          giveBack(borrowed);
        } else {
          LOG.warn("evicting a connection of pool {}: its transaction state is unknown", pool.name());
          pool.evict(borrowed);
        }
      }
    } finally {
      if (write) {
        writeLock.unlock();
      }
    }
  }

  SqlStatement beginStatement(boolean write) {
    return write ? BEGIN_IMMEDIATE : BEGIN_DEFERRED;
  }

  SqlStatement commitStatement() {
    return COMMIT;
  }

  SqlStatement rollbackStatement() {
    return ROLLBACK;
  }

  SqlStatement queryOnly(boolean on) {
    return on ? QUERY_ONLY_ON : QUERY_ONLY_OFF;
  }

  private RetryPolicy policy(SqlStatement statement) {
    RetryPolicy p = statement.retryPolicy();
    return p != null ? p : defaultPolicy;
  }

  private void lockWriter(String operation) {
    try {
      if (!writeLock.tryLock(writeLockTimeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new TransientStateException(
            operation
                + ": waited "
                + TimeUnit.NANOSECONDS.toMillis(writeLockTimeoutNanos)
                + " ms for the write lock held by another thread of this process",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException(operation + ": interrupted while waiting for the write lock", e);
    }
  }

  private Connection borrow(String operation) {
    try {
      return pool.borrow();
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, operation + " (borrowing from pool " + pool.name() + ")", null);
    }
  }

  private void giveBack(Connection borrowed) {
    try {
      borrowed.close();
    } catch (SQLException e) {
      LOG.warn("returning a connection to pool {} failed; evicting it", pool.name(), e);
      pool.evict(borrowed);
    }
  }

  /** A lazily read result set exposed as a {@link Stream}. */
  static final class RowStream<T> extends Spliterators.AbstractSpliterator<T> {
    private final ResultSet rows;
    private final RowMapper<T> mapper;
    private final SqlStatement statement;

    private RowStream(ResultSet rows, RowMapper<T> mapper, SqlStatement statement) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.rows = rows;
      this.mapper = mapper;
      this.statement = statement;
    }

    static <T> Stream<T> open(
        PooledSqliteConnection connection,
        SqlStatement statement,
        Binder binder,
        RowMapper<T> mapper,
        Runnable onClose)
        throws SQLException {
      PreparedStatement prepared = connection.acquire(statement);
      ResultSet rows;
      try {
        binder.bind(prepared);
        rows = prepared.executeQuery();
      } catch (SQLException | RuntimeException | Error e) {
        connection.release(statement, prepared, false);
        throw e;
      }
      return StreamSupport.stream(new RowStream<>(rows, mapper, statement), false)
          .onClose(
              () -> {
                boolean ok = true;
                try {
                  rows.close();
                } catch (SQLException e) {
                  ok = false;
                } finally {
                  connection.release(statement, prepared, ok);
                  onClose.run();
                }
              });
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      try {
        if (!rows.next()) {
          return false;
        }
        action.accept(mapper.map(rows));
        return true;
      } catch (SQLException e) {
        throw SqliteErrors.translate(e, statement.operation(), statement.table());
      }
    }
  }
}
