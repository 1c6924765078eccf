package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.NotifyMode;
import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.notify.AfterCommitNotifier;
import dev.flujo.runtime.internal.notify.ChangeHub;
import dev.flujo.runtime.internal.notify.PgChangeListener;
import dev.flujo.runtime.internal.tx.RowStream;
import dev.flujo.runtime.internal.tx.Timed;
import dev.flujo.runtime.internal.tx.Transactions;
import dev.flujo.runtime.spi.Attempt;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statements and transactions on PostgreSQL.
 *
 * <ul>
 *   <li>A statement outside a transaction runs in autocommit on a pooled connection, retried
 *       alone under its policy when it fails transiently. Its prepared statement is kept open on
 *       the connection ({@link PgStatementCache}) and reused by the next call that gets it. A write whose connection is lost while
 *       it runs was its own commit: its outcome is unknown and it is not retried.
 *   <li>A transaction runs at the database's isolation (serializable unless configured), read
 *       transactions {@code READ ONLY}; transient failures (serialization, deadlock, time-outs, a
 *       lost connection before {@code COMMIT}, or during the {@code COMMIT} of a read transaction)
 *       roll back and rerun the whole block.
 *   <li>PostgreSQL aborts a transaction at its first failed statement: the transaction is then
 *       abandoned, and only a nested block (a savepoint) that throws recovers from it.
 * </ul>
 *
 * <p>There is no in-process write lock: the server orders writers.
 */
public final class PgTransactions implements Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(PgTransactions.class);
  private static final int FETCH_SIZE = 256;

  private final PgPool pool;
  private final RetryPolicy defaultPolicy;
  private final Retrier retrier;
  private final OperationListener listener;
  private final String name;
  private final ThreadLocal<PgTransaction> current = new ThreadLocal<>();
  private final LongAdder operations = new LongAdder();
  private final LongAdder transientFailures = new LongAdder();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final Set<Connection> inUse = ConcurrentHashMap.newKeySet();
  private final Set<Connection> revoked = ConcurrentHashMap.newKeySet();
  private final PgStatementCache statements = new PgStatementCache();
  private final ChangeHub changes;
  private final String origin;
  private final boolean notifyInTransaction;
  private final AfterCommitNotifier afterCommit;
  private final ConcurrentHashMap<Integer, String> notifyingSql = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Transactions over {@code pool}, named {@code name} in messages; commits are announced to
   * {@code changes} and to other clients with {@code NOTIFY} as {@code origin}, the way {@code
   * notify} says.
   */
  public PgTransactions(
      PgPool pool,
      RetryPolicy defaultPolicy,
      Retrier retrier,
      OperationListener listener,
      String name,
      ChangeHub changes,
      String origin,
      NotifyMode notify) {
    this.changes = changes;
    this.origin = origin;
    this.notifyInTransaction = notify == NotifyMode.IN_TRANSACTION;
    this.afterCommit =
        notify == NotifyMode.AFTER_COMMIT
            ? new AfterCommitNotifier(pool::borrow, origin, name)
            : null;
    this.pool = pool;
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    this.retrier = retrier;
    this.listener = listener;
    this.name = name;
  }

  @Override
  public RetryPolicy defaultPolicy() {
    return defaultPolicy;
  }

  @Override
  public Retrier retrier() {
    return retrier;
  }

  @Override
  public long operations() {
    return operations.sum();
  }

  @Override
  public long transientFailures() {
    return transientFailures.sum();
  }

  @Override
  public int openStreams() {
    return openStreams.get();
  }

  @Override
  public long walCheckpoints() {
    return 0;
  }

  @Override
  public long walCheckpointsBlocked() {
    return 0;
  }

  @Override
  public Runnable pauseCheckpoints() {
    return () -> {};
  }

  @Override
  public boolean inTransaction() {
    return current.get() != null;
  }

  @Override
  public <T> T execute(SqlStatement statement, StatementCallback<T> callback) {
    PgTransaction tx = current.get();
    if (tx != null) {
      return tx.run(statement, callback);
    }
    checkOpen();
    long start = System.nanoTime();
    try {
      return executeOnce(statement, callback, start);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e, start, policy(statement), statement.operation(), () -> executeOnce(statement, callback, System.nanoTime()));
    }
  }

  private <T> T executeOnce(SqlStatement statement, StatementCallback<T> callback, long start) {
    if (listener != null) {
      return Timed.statement(listener, statement, start, () -> executeUntimed(statement, callback));
    }
    return executeUntimed(statement, callback);
  }

  <T> T timed(SqlStatement statement, Attempt<T> work) {
    return Timed.statement(listener, statement, work);
  }


  OperationListener listener() {
    return listener;
  }

  private <T> T executeUntimed(SqlStatement statement, StatementCallback<T> callback) {
    operations.increment();
    Connection connection = borrow(statement.operation(), statement.table());
    boolean write = statement.isWrite();
    String sql =
        write && notifyInTransaction ? notifying(statement) : statement.sql(Dialect.POSTGRESQL);
    PreparedStatement prepared = null;
    boolean ok = false;
    T result;
    try {
      prepared = statements.acquire(connection, sql);
      result = callback.run(prepared);
      ok = true;
    } catch (SQLException e) {
      throw failure(connection, e, statement.operation(), statement.table(), write);
    } finally {
      statements.release(connection, sql, prepared, ok);
      giveBack(connection);
    }
    if (write) {
      changes.committed(statement.table());
      if (afterCommit != null) {
        afterCommit.committed(statement.table());
      }
    }
    return result;
  }

  /**
   * A write's text with a {@code NOTIFY} of its table after it: sent in the same round trip and
   * run in the same implicit transaction, so other clients hear of the write exactly when it
   * commits.
   */
  private String notifying(SqlStatement statement) {
    if (!statement.isCached()) {
      return notifyText(statement);
    }
    return notifyingSql.computeIfAbsent(statement.slot(), slot -> notifyText(statement));
  }

  private String notifyText(SqlStatement statement) {
    return statement.sql(Dialect.POSTGRESQL)
        + ";\nNOTIFY "
        + PgChangeListener.CHANNEL
        + ", '"
        + PgChangeListener.payload(origin, statement.table()).replace("'", "''")
        + "'";
  }

  /** Whether a transaction's writes send {@code NOTIFY} inside it. */
  boolean notifiesInTransaction() {
    return notifyInTransaction;
  }

  /** The payload announcing {@code table} (null: unknown) to other clients. */
  String payload(String table) {
    return PgChangeListener.payload(origin, table);
  }


  @Override
  public <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    PgTransaction tx = current.get();
    if (tx != null) {
      return tx.stream(statement, binder, mapper);
    }
    checkOpen();
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
    String operation = statement.operation();
    Connection connection = borrow(operation, statement.table());
    openStreams.incrementAndGet();
    Runnable giveBack =
        () -> {
          try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
              connection.rollback();
            }
          } catch (SQLException e) {
            LOG.debug("ending the read of a stream of {} failed", operation, e);
          } finally {
            openStreams.decrementAndGet();
            giveBack(connection);
          }
        };
    try {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return open(connection, statement, binder, mapper, giveBack, e ->
          failure(connection, e, operation, statement.table(), false));
    } catch (SQLException e) {
      giveBack.run();
      throw failure(connection, e, operation, statement.table(), false);
    } catch (RuntimeException | Error e) {
      giveBack.run();
      throw e;
    }
  }

  /** Runs a query on {@code connection} (not in autocommit) and streams its rows. */
  static <T> Stream<T> open(
      Connection connection,
      SqlStatement statement,
      Binder binder,
      RowMapper<T> mapper,
      Runnable onClose,
      java.util.function.Function<SQLException, ? extends RuntimeException> failure)
      throws SQLException {
    PreparedStatement prepared = connection.prepareStatement(statement.sql(Dialect.POSTGRESQL));
    ResultSet rows;
    try {
      prepared.setFetchSize(FETCH_SIZE);
      binder.bind(prepared);
      rows = prepared.executeQuery();
    } catch (SQLException | RuntimeException | Error e) {
      try {
        prepared.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return RowStream.over(
        rows,
        mapper,
        failure,
        () -> {
          try {
            rows.close();
            prepared.close();
          } catch (SQLException e) {
            LOG.debug("closing a stream of {} failed", statement.operation(), e);
          } finally {
            onClose.run();
          }
        });
  }

  @Override
  public <T> T inTransaction(RetryPolicy policy, boolean write, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    PgTransaction tx = current.get();
    if (tx != null) {
      return tx.nested(write, body);
    }
    checkOpen();
    RetryPolicy effective = policy != null ? policy : defaultPolicy;
    String operation = write ? "transaction" : "read transaction";
    return retrier.call(effective, operation, () -> transactionOnce(operation, write, body));
  }

  private <T> T transactionOnce(String operation, boolean write, Supplier<T> body) {
    if (listener == null) {
      return transactionUntimed(operation, write, body);
    }
    return Timed.transaction(listener, write, () -> transactionUntimed(operation, write, body));
  }


  private <T> T transactionUntimed(String operation, boolean write, Supplier<T> body) {
    operations.increment();
    Connection connection = borrow(operation, null);
    java.util.Set<String> committed = null;
    try {
      try {
        connection.setAutoCommit(false);
        if (!write) {
          connection.setReadOnly(true);
        }
      } catch (SQLException e) {
        throw failure(connection, e, operation, null, false);
      }
      PgTransaction tx = new PgTransaction(this, connection, write);
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
      if (revoked.contains(connection)) {
        IllegalStateException failure = closedWhileRunning(operation);
        tx.rollbackAfter(failure);
        throw failure;
      }
      tx.commit();
      committed = tx.written();
      return result;
    } finally {
      current.remove();
      giveBack(connection);
      if (committed != null) {
        changes.committed(committed);
        if (afterCommit != null && !committed.isEmpty()) {
          afterCommit.committed(committed);
        }
      }
    }
  }

  @Override
  public int close(Duration grace) {
    closed = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (inUse.size() > openStreams.get() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int closedConnections = 0;
    for (Connection connection : new ArrayList<>(inUse)) {
      revoked.add(connection);
      try {
        connection.unwrap(Connection.class).close();
        closedConnections++;
      } catch (SQLException e) {
        LOG.warn("closing {}: closing a connection in use failed", name, e);
      }
    }
    if (closedConnections > 0) {
      LOG.warn(
          "closing {}: {} connection(s) still in use after {} ms were closed, rolling back their"
              + " transactions",
          name,
          closedConnections,
          grace.toMillis());
    }
    if (afterCommit != null) {
      afterCommit.close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    statements.clear();
    return closedConnections;
  }

  private Connection borrow(String operation, String table) {
    checkOpen();
    Connection connection;
    try {
      connection = pool.borrow();
    } catch (SQLException e) {
      throw failure(null, e, operation, table, false);
    }
    inUse.add(connection);
    if (closed) {
      giveBack(connection);
      throw closedException();
    }
    return connection;
  }

  private void giveBack(Connection connection) {
    inUse.remove(connection);
    revoked.remove(connection);
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("returning a connection to {} failed", pool.name(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("StateDatabase " + name + " is closed");
  }

  IllegalStateException closedWhileRunning(String operation) {
    return new IllegalStateException(
        operation
            + ": StateDatabase "
            + name
            + " was closed while this ran and its work did not finish within the close time-out;"
            + " its connection was closed and nothing of it was committed");
  }

  /**
   * Translates a failure on {@code connection} (null: none was borrowed), counting it if it is
   * transient; {@code autocommitWrite} says the statement was its own commit, so a lost connection
   * leaves its outcome unknown.
   */
  RuntimeException failure(
      Connection connection, SQLException e, String operation, String table, boolean autocommitWrite) {
    if (connection != null && revoked.contains(connection)) {
      IllegalStateException closedFailure = closedWhileRunning(operation);
      closedFailure.initCause(e);
      return closedFailure;
    }
    StateException failure = PgErrors.translate(e, operation, table, autocommitWrite);
    if (failure instanceof TransientStateException) {
      transientFailures.increment();
      if (listener != null) {
        String kind = PgErrors.transientKind(e);
        listener.transientFailure(table, operation, kind == null ? "transient" : kind);
      }
    }
    return failure;
  }

  void countOperation() {
    operations.increment();
  }

  private RetryPolicy policy(SqlStatement statement) {
    RetryPolicy p = statement.retryPolicy();
    return p != null ? p : defaultPolicy;
  }
}
