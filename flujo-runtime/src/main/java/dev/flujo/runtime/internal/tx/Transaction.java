package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.notify.WrittenTables;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread's open transaction on one connection: its kind, savepoints, open streams, and whether
 * the connection's state is still known.
 *
 * <p>A statement failing with a code after which SQLite may have rolled the transaction back by
 * itself ({@link SqliteErrors#mayEndTransaction}) abandons the transaction: every later statement
 * and the commit fail, so that nothing after the failure runs outside the transaction. If the
 * failure was transient, so are those later failures, and the enclosing retry reruns the block.
 */
final class Transaction {
  private static final Logger LOG = LoggerFactory.getLogger(Transaction.class);

  private static final SqlStatement BEGIN_IMMEDIATE =
      SqlStatement.write(null, "begin transaction", "BEGIN IMMEDIATE", null);
  private static final SqlStatement BEGIN_DEFERRED =
      SqlStatement.read(null, "begin read transaction", "BEGIN DEFERRED", null);
  private static final SqlStatement COMMIT = SqlStatement.write(null, "commit", "COMMIT", null);
  private static final SqlStatement ROLLBACK =
      SqlStatement.write(null, "rollback", "ROLLBACK", null);
  private static final SqlStatement QUERY_ONLY_ON =
      SqlStatement.read(null, "read-only transaction", "PRAGMA query_only = 1", null);
  private static final SqlStatement QUERY_ONLY_OFF =
      SqlStatement.read(null, "read-only transaction", "PRAGMA query_only = 0", null);

  /** What is known about the connection. */
  private enum State {
    /** Nothing begun yet. */
    NEW,
    /** A transaction is open. */
    ACTIVE,
    /** The transaction ended and the connection is as it was borrowed. */
    ENDED,
    /** A failure left the connection in a state that cannot be known; it must be evicted. */
    UNKNOWN
  }

  private final TransactionManager manager;
  private final PooledSqliteConnection connection;
  private final boolean write;
  private final TransactionManager.Lease lease;
  private final List<Stream<?>> streams = new ArrayList<>(0);
  private State state = State.NEW;
  private int savepoints;
  private int readOnlyDepth;
  private boolean queryOnly;
  private StateException abandonedBy;
  private final WrittenTables written = new WrittenTables();

  Transaction(
      TransactionManager manager,
      PooledSqliteConnection connection,
      boolean write,
      TransactionManager.Lease lease) {
    this.manager = manager;
    this.connection = connection;
    this.write = write;
    this.lease = lease;
  }

  /** The tables this transaction's committed work wrote. */
  Set<String> written() {
    return written.committed();
  }

  /** Whether the connection may go back to the pool. */
  boolean reusable() {
    return state == State.ENDED;
  }

  /** Whether writes are allowed here: a write transaction, outside any nested read transaction. */
  boolean writable() {
    return write && readOnlyDepth == 0;
  }

  /**
   * Begins: {@code BEGIN IMMEDIATE} for writes (lock contention happens here, under {@code
   * busy_timeout}), {@code PRAGMA query_only} and {@code BEGIN DEFERRED} for reads.
   *
   * @throws StateException if the transaction could not begin
   */
  void begin(String operation) {
    try {
      if (!write) {
        exec(QUERY_ONLY_ON);
      }
      exec(write ? BEGIN_IMMEDIATE : BEGIN_DEFERRED);
      state = State.ACTIVE;
    } catch (SQLException e) {
      StateException failure = manager.failure(e, operation, null);
      if (failure instanceof TransientStateException) {
        // BEGIN refused for a lock opens nothing; only query_only needs undoing
        finish();
      } else {
        state = State.UNKNOWN;
      }
      throw failure;
    }
  }

  /**
   * Commits. If the transaction was abandoned, or {@code COMMIT} fails, rolls back and throws; the
   * data is then as it was before the transaction.
   *
   * @throws StateException if the transaction did not commit
   */
  void commit() {
    closeStreams();
    if (abandonedBy != null) {
      StateException failure = abandoned("commit");
      rollbackAfter(failure);
      throw failure;
    }
    try {
      exec(COMMIT);
    } catch (SQLException e) {
      StateException failure = manager.failure(e, "commit", null);
      rollbackAfter(failure);
      throw failure;
    }
    finish();
  }

  /**
   * Rolls back after {@code failure}; never throws. A rollback failure is added to {@code failure}
   * as suppressed. SQLite rolls some failed transactions back by itself, so a failed {@code
   * ROLLBACK} is followed by a probe: if a new transaction can begin, none was open and the
   * connection is clean; otherwise its state is unknown.
   */
  void rollbackAfter(Throwable failure) {
    closeStreams();
    try {
      exec(ROLLBACK);
    } catch (Throwable rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
      if (!(rollbackFailure instanceof SQLException) || !noTransactionOpen()) {
        state = State.UNKNOWN;
        return;
      }
    }
    finish();
  }

  /** Runs one statement of the transaction; it is never retried alone. */
  <T> T run(SqlStatement statement, StatementCallback<T> callback) {
    if (manager.listener() != null) {
      return manager.timed(statement, () -> runUntimed(statement, callback));
    }
    return runUntimed(statement, callback);
  }

  private <T> T runUntimed(SqlStatement statement, StatementCallback<T> callback) {
    check(statement);
    manager.countOperation();
    try {
      T result = TransactionManager.runOn(connection, statement, callback);
      if (statement.isWrite()) {
        written.wrote(statement.table());
      }
      return result;
    } catch (SQLException e) {
      throw failed(e, statement.operation(), statement.table());
    }
  }

  /** Opens a stream on the transaction's connection; it is closed when the transaction ends. */
  <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    check(statement);
    manager.countOperation();
    Stream<T> stream;
    try {
      stream =
          RowStream.open(
              connection,
              statement,
              binder,
              mapper,
              e -> failed(e, statement.operation(), statement.table()),
              () -> {});
    } catch (SQLException e) {
      throw failed(e, statement.operation(), statement.table());
    }
    streams.add(stream);
    return stream.onClose(() -> streams.remove(stream));
  }

  /**
   * Runs a nested transaction as a savepoint: released when {@code body} returns, rolled back alone
   * (and the throwable propagated) when it throws. A nested read transaction forbids writes until
   * it ends, with {@code PRAGMA query_only} as in an outermost one.
   */
  <T> T nested(boolean nestedWrite, Supplier<T> body) {
    if (nestedWrite && !writable()) {
      throw new IllegalStateException(
          "inTransaction cannot run inside readTransaction; make the outer block inTransaction");
    }
    if (abandonedBy != null) {
      throw abandoned("savepoint");
    }
    if (savepoints + 1 >= TransactionManager.MAX_NESTING) {
      throw TransactionManager.nestedTooDeep();
    }
    String name = "flujo_sp_" + (savepoints + 1);
    try {
      execSql("SAVEPOINT " + name);
    } catch (SQLException e) {
      throw failed(e, "savepoint", null);
    }
    savepoints++;
    written.savepoint();
    boolean readOnlyStarted = !nestedWrite && readOnlyDepth++ == 0 && write;
    T result;
    try {
      if (readOnlyStarted) {
        queryOnly(true);
      }
      result = body.get();
    } catch (Throwable t) {
      rollbackTo(name, t);
      written.rolledBack();
      throw t;
    } finally {
      savepoints--;
      if (!nestedWrite) {
        readOnlyDepth--;
      }
      if (readOnlyStarted) {
        queryOnly(false);
      }
    }
    try {
      execSql("RELEASE " + name);
    } catch (SQLException e) {
      StateException failure = manager.failure(e, "release savepoint", null);
      abandon(failure);
      written.rolledBack();
      throw failure;
    }
    written.released();
    return result;
  }

  private void rollbackTo(String name, Throwable failure) {
    if (abandonedBy != null) {
      // the transaction may be gone; the outermost block rolls back whatever is left
      return;
    }
    try {
      execSql("ROLLBACK TO " + name);
      execSql("RELEASE " + name);
    } catch (SQLException e) {
      failure.addSuppressed(e);
      // the inner work may still be part of the transaction, which must not commit now
      abandon(SqliteErrors.translate(e, "rollback to savepoint", null));
    }
  }

  private void check(SqlStatement statement) {
    if (abandonedBy != null) {
      throw abandoned(statement.operation());
    }
    if (statement.isWrite() && !writable()) {
      throw new IllegalStateException(
          statement.operation()
              + " writes and cannot run inside readTransaction; use inTransaction for blocks"
              + " that write");
    }
  }

  private StateException failed(SQLException e, String operation, String table) {
    if (lease.revoked()) {
      IllegalStateException closed = manager.closedWhileRunning(operation);
      closed.initCause(e);
      throw closed;
    }
    StateException failure = manager.failure(e, operation, table);
    if (SqliteErrors.mayEndTransaction(failure.resultCode())) {
      abandon(failure);
    }
    return failure;
  }

  private void abandon(StateException failure) {
    if (abandonedBy == null) {
      abandonedBy = failure;
    }
  }

  private StateException abandoned(String operation) {
    String message =
        operation
            + ": the transaction was abandoned after an earlier failure in it, after which SQLite"
            + " may have rolled it back ("
            + abandonedBy.getMessage()
            + ")";
    if (abandonedBy instanceof TransientStateException) {
      return new TransientStateException(
          message, abandonedBy, abandonedBy.table(), null, abandonedBy.resultCode());
    }
    return new StateException(
        message, abandonedBy, abandonedBy.table(), null, abandonedBy.resultCode());
  }

  /** Sets {@code query_only} inside a write transaction; a failure abandons the transaction. */
  private void queryOnly(boolean on) {
    try {
      exec(on ? QUERY_ONLY_ON : QUERY_ONLY_OFF);
      queryOnly = on;
    } catch (SQLException e) {
      StateException failure = manager.failure(e, "read-only savepoint", null);
      abandon(failure);
      // if it was switched on, finish() tries once more and evicts the connection if that fails
      if (on) {
        throw failure;
      }
    }
  }

  /** Undoes per-transaction settings; the connection is clean if that works. */
  private void finish() {
    if (!write || queryOnly) {
      try {
        exec(QUERY_ONLY_OFF);
      } catch (SQLException e) {
        LOG.debug("resetting query_only failed", e);
        state = State.UNKNOWN;
        return;
      }
    }
    state = State.ENDED;
  }

  private boolean noTransactionOpen() {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN");
      s.execute("ROLLBACK");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeStreams() {
    if (streams.isEmpty()) {
      return;
    }
    for (Stream<?> stream : new ArrayList<>(streams)) {
      try {
        stream.close();
      } catch (RuntimeException e) {
        LOG.warn("a close handler of a stream failed when its transaction ended", e);
      }
    }
    streams.clear();
  }

  private void exec(SqlStatement statement) throws SQLException {
    PreparedStatement prepared = connection.acquire(statement);
    boolean ok = false;
    try {
      prepared.execute();
      ok = true;
    } finally {
      connection.release(statement, prepared, ok);
    }
  }

  private void execSql(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
