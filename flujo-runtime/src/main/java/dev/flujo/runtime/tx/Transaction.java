package dev.flujo.runtime.tx;

import dev.flujo.runtime.error.SqliteErrors;
import dev.flujo.runtime.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** One thread's open transaction: its connection, kind and savepoint depth. */
final class Transaction {
  private final TransactionManager manager;
  private final PooledSqliteConnection connection;
  final boolean write;
  private int savepoints;

  Transaction(TransactionManager manager, PooledSqliteConnection connection, boolean write) {
    this.manager = manager;
    this.connection = connection;
    this.write = write;
  }

  void begin() throws SQLException {
    if (!write) {
      simple(manager.queryOnly(true));
    }
    try {
      simple(manager.beginStatement(write));
    } catch (SQLException e) {
      end();
      throw e;
    }
  }

  void commit() throws SQLException {
    simple(manager.commitStatement());
  }

  /**
   * Rolls back after {@code failure}, attaching a rollback failure to it as suppressed; returns
   * whether the connection is in a known state afterwards. SQLite rolls some failed transactions
   * back by itself (a full disk, an I/O error), so a failed {@code ROLLBACK} is followed by a probe:
   * if a new transaction can begin, none was open and the connection is clean.
   */
  boolean rollbackAfter(Throwable failure) {
    try {
      simple(manager.rollbackStatement());
    } catch (SQLException rollbackFailure) {
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN");
        s.execute("ROLLBACK");
      } catch (SQLException stillOpen) {
        failure.addSuppressed(rollbackFailure);
        return false;
      }
    }
    return end();
  }

  /** Undoes per-transaction settings; returns whether that worked. */
  boolean end() {
    if (write) {
      return true;
    }
    try {
      simple(manager.queryOnly(false));
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  <T> T run(SqlStatement statement, StatementCallback<T> callback) {
    if (statement.isWrite() && !write) {
      throw new IllegalStateException(
          statement.operation() + " writes and cannot run inside readTransaction");
    }
    try {
      return TransactionManager.runOn(connection, statement, callback);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, statement.operation(), statement.table());
    }
  }

  <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    try {
      return TransactionManager.RowStream.open(connection, statement, binder, mapper, () -> {});
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, statement.operation(), statement.table());
    }
  }

  <T> T savepoint(Supplier<T> body) {
    String name = "flujo_sp_" + (++savepoints);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("SAVEPOINT " + name);
      }
      T result;
      try {
        result = body.get();
      } catch (Throwable t) {
        try (Statement s = connection.createStatement()) {
          s.execute("ROLLBACK TO " + name);
          s.execute("RELEASE " + name);
        } catch (SQLException e) {
          t.addSuppressed(e);
        }
        throw t;
      }
      try (Statement s = connection.createStatement()) {
        s.execute("RELEASE " + name);
      }
      return result;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "savepoint " + name, null);
    } finally {
      savepoints--;
    }
  }

  private void simple(SqlStatement statement) throws SQLException {
    PreparedStatement ps = connection.acquire(statement);
    boolean ok = false;
    try {
      ps.execute();
      ok = true;
    } finally {
      connection.release(statement, ps, ok);
    }
  }
}
