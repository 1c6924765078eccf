package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.notify.PgChangeListener;
import dev.flujo.runtime.internal.notify.WrittenTables;
import dev.flujo.runtime.internal.tx.TransactionManager;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One open PostgreSQL transaction on one connection, used by the thread that began it: its
 * statements, savepoints for nested blocks, streams, and its end.
 */
final class PgTransaction {
  private final PgTransactions manager;
  private final Connection connection;
  private final boolean write;
  private final List<Stream<?>> streams = new ArrayList<>(0);
  private int savepoints;
  private int readOnlyDepth;
  private StateException abandonedBy;
  private final WrittenTables written = new WrittenTables();
  private final WrittenTables notified = new WrittenTables();

  PgTransaction(PgTransactions manager, Connection connection, boolean write) {
    this.manager = manager;
    this.connection = connection;
    this.write = write;
  }

  /** The tables this transaction's committed work wrote. */
  java.util.Set<String> written() {
    return written.committed();
  }

  boolean writable() {
    return write && readOnlyDepth == 0;
  }

  <T> T run(SqlStatement statement, StatementCallback<T> callback) {
    if (manager.listener() != null) {
      return manager.timed(statement, () -> runUntimed(statement, callback));
    }
    return runUntimed(statement, callback);
  }

  private <T> T runUntimed(SqlStatement statement, StatementCallback<T> callback) {
    check(statement);
    manager.countOperation();
    try (PreparedStatement prepared =
        connection.prepareStatement(statement.sql(Dialect.POSTGRESQL))) {
      T result = callback.run(prepared);
      if (statement.isWrite()) {
        written.wrote(statement.table());
        if (manager.notifiesInTransaction()) {
          notifyOnce(statement.table());
        }
      }
      return result;
    } catch (SQLException e) {
      throw failed(e, statement.operation(), statement.table());
    }
  }

  <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    check(statement);
    manager.countOperation();
    try {
      Stream<T> stream =
          PgTransactions.open(
              connection,
              statement,
              binder,
              mapper,
              () -> {},
              e -> failed(e, statement.operation(), statement.table()));
      streams.add(stream);
      return stream;
    } catch (SQLException e) {
      throw failed(e, statement.operation(), statement.table());
    }
  }

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
      exec("SAVEPOINT " + name);
    } catch (SQLException e) {
      throw failed(e, "savepoint", null);
    }
    savepoints++;
    written.savepoint();
    notified.savepoint();
    if (!nestedWrite) {
      readOnlyDepth++;
    }
    try {
      T result;
      try {
        result = body.get();
      } catch (Throwable t) {
        rollbackTo(name, t);
        written.rolledBack();
        notified.rolledBack();
        throw t;
      }
      if (abandonedBy == null) {
        try {
          exec("RELEASE SAVEPOINT " + name);
        } catch (SQLException e) {
          written.rolledBack();
          notified.rolledBack();
          throw failed(e, "release savepoint", null);
        }
      }
      written.released();
      notified.released();
      return result;
    } finally {
      savepoints--;
      if (!nestedWrite) {
        readOnlyDepth--;
      }
    }
  }

  private void rollbackTo(String name, Throwable failure) {
    try {
      exec("ROLLBACK TO SAVEPOINT " + name);
      exec("RELEASE SAVEPOINT " + name);
      abandonedBy = null;
    } catch (SQLException e) {
      failure.addSuppressed(e);
      abandon(PgErrors.translate(e, "rollback to savepoint", null, false));
    }
  }

  /**
   * Tells other clients, with {@code NOTIFY} inside this transaction, that {@code table} is written:
   * once per table and savepoint level, right after the first write, so that {@code COMMIT} stays
   * the only statement whose loss leaves the outcome unknown. PostgreSQL delivers it only if the
   * transaction commits, and drops it with a savepoint rolled back.
   */
  private void notifyOnce(String table) throws SQLException {
    if (notified.contains(table)) {
      return;
    }
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, PgChangeListener.CHANNEL);
      notify.setString(2, manager.payload(table));
      notify.execute();
    }
    notified.wrote(table);
  }

  void commit() {
    closeStreams();
    if (abandonedBy != null) {
      StateException failure = abandoned("commit");
      rollbackAfter(failure);
      throw failure;
    }
    try {
      connection.commit();
    } catch (SQLException e) {
      // a read transaction wrote nothing: whether its COMMIT arrived does not matter, and a lost
      // connection is as transient as anywhere else
      RuntimeException failure = manager.failure(connection, e, "commit", null, write);
      rollbackAfter(failure);
      throw failure;
    }
  }

  void rollbackAfter(Throwable failure) {
    closeStreams();
    try {
      connection.rollback();
    } catch (Throwable rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
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

  private RuntimeException failed(SQLException e, String operation, String table) {
    RuntimeException failure = manager.failure(connection, e, operation, table, false);
    if (failure instanceof StateException) {
      abandon((StateException) failure);
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
            + ": the transaction was abandoned after an earlier failure in it; PostgreSQL aborts a"
            + " transaction at its first failed statement (run the statement that may fail in a"
            + " nested inTransaction block to recover from it): "
            + abandonedBy.getMessage();
    if (abandonedBy instanceof TransientStateException) {
      return new TransientStateException(
          message, abandonedBy, abandonedBy.table(), null, abandonedBy.resultCode());
    }
    return new StateException(
        message, abandonedBy, abandonedBy.table(), null, abandonedBy.resultCode());
  }

  private void closeStreams() {
    for (Stream<?> s : streams) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // the transaction's end decides; a stream that cannot close is released with it
      }
    }
    streams.clear();
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
