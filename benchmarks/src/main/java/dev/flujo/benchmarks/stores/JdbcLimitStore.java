package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Hand-written JDBC at its limit: each thread holds one connection for the whole run, every
 * statement is prepared once on it and reused, rows are bound and read by column index, batches
 * run in one {@code BEGIN IMMEDIATE} transaction, writers are serialized by an in-process lock so
 * that they never sleep in SQLite's busy handler, and sqlite-jdbc's generated-keys support is off
 * (the table has no rowid, and otherwise the driver runs {@code SELECT last_insert_rowid()} after
 * every single-row upsert). No pool, no retries, no checks: the yardstick the other contenders
 * are divided by. On PostgreSQL the same, except that batches use {@code setAutoCommit(false)} and
 * {@code commit()}, there is no write lock (the server orders writers), and the driver turns each
 * reused statement into a server-side prepared statement after its fifth use ({@code
 * prepareThreshold}); its connections rewrite batches into multi-row inserts ({@code
 * reWriteBatchedInserts}), like Flujo's pool.
 */
public final class JdbcLimitStore implements StateStore<WorkflowState> {
  private static final int BATCH = 256;

  private final Target target;
  private final Clock clock = Clock.systemUTC();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<Held> opened = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Held> held = ThreadLocal.withInitial(this::hold);

  /** Opens the store over an existing file; connections open lazily, one per thread. */
  public JdbcLimitStore(Path file) {
    this(Target.sqlite(file));
  }

  /** Opens the store over an existing database; connections open lazily, one per thread. */
  public JdbcLimitStore(Target target) {
    this.target = target;
    held.get();
  }

  /** One thread's connection and its statements, prepared once. */
  private static final class Held {
    final Connection connection;
    final PreparedStatement upsert;
    final PreparedStatement findById;
    final PreparedStatement findAll;
    final PreparedStatement recent;
    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement rollback;

    Held(Connection c, boolean postgres) throws SQLException {
      this.connection = c;
      this.upsert = c.prepareStatement(Sql.UPSERT);
      this.findById = c.prepareStatement(Sql.FIND_BY_ID);
      this.findAll = c.prepareStatement(Sql.FIND_ALL);
      this.recent = c.prepareStatement(Sql.RECENT_BY_STATUS_AND_PIPELINE);
      this.begin = postgres ? null : c.prepareStatement("BEGIN IMMEDIATE");
      this.commit = postgres ? null : c.prepareStatement("COMMIT");
      this.rollback = postgres ? null : c.prepareStatement("ROLLBACK");
    }
  }

  private Held hold() {
    try {
      Held h = new Held(target.connect(false), target.isPostgres());
      opened.add(h);
      return h;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    Held h = held.get();
    if (target.isPostgres()) {
      upsertAllPostgres(h, rows);
      return;
    }
    writeLock.lock();
    try {
      h.begin.execute();
      try {
        long now = JdbcRows.nowMicros(clock);
        PreparedStatement ps = h.upsert;
        int pending = 0;
        for (WorkflowState row : rows) {
          JdbcRows.bind(target, ps, row, now, now);
          ps.addBatch();
          if (++pending == BATCH) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
        h.commit.execute();
      } catch (SQLException | RuntimeException e) {
        h.upsert.clearBatch();
        h.rollback.execute();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      writeLock.unlock();
    }
  }

  private void upsertAllPostgres(Held h, List<WorkflowState> rows) {
    try {
      h.connection.setAutoCommit(false);
      try {
        long now = JdbcRows.nowMicros(clock);
        PreparedStatement ps = h.upsert;
        int pending = 0;
        for (WorkflowState row : rows) {
          JdbcRows.bind(target, ps, row, now, now);
          ps.addBatch();
          if (++pending == BATCH) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
        h.connection.commit();
      } catch (SQLException | RuntimeException e) {
        h.upsert.clearBatch();
        h.connection.rollback();
        throw e;
      } finally {
        h.connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void upsert(WorkflowState row) {
    Held h = held.get();
    if (target.isPostgres()) {
      try {
        long now = JdbcRows.nowMicros(clock);
        JdbcRows.bind(target, h.upsert, row, now, now);
        h.upsert.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    writeLock.lock();
    try {
      long now = JdbcRows.nowMicros(clock);
      JdbcRows.bind(h.upsert, row, now, now);
      h.upsert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public WorkflowState findById(String runId) {
    PreparedStatement ps = held.get().findById;
    try {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? JdbcRows.read(target, rs) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<WorkflowState> findAll() {
    try (ResultSet rs = held.get().findAll.executeQuery()) {
      List<WorkflowState> all = new ArrayList<>();
      while (rs.next()) {
        all.add(JdbcRows.read(target, rs));
      }
      return all;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long streamAll(Consumer<? super WorkflowState> sink) {
    try (ResultSet rs = held.get().findAll.executeQuery()) {
      long n = 0;
      while (rs.next()) {
        sink.accept(JdbcRows.read(target, rs));
        n++;
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit) {
    PreparedStatement ps = held.get().recent;
    try {
      ps.setString(1, status.name());
      ps.setString(2, pipelineId);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<WorkflowState> rows = new ArrayList<>(limit);
        while (rs.next()) {
          rows.add(JdbcRows.read(target, rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public WorkflowState toRecord(WorkflowState row) {
    return row;
  }

  @Override
  public void close() {
    SQLException failure = null;
    for (Held h : opened) {
      try {
        h.connection.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    opened.clear();
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }
}
