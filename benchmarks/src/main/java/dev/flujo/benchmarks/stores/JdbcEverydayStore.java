package dev.flujo.benchmarks.stores;

import com.zaxxer.hikari.HikariDataSource;
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
import java.util.function.Consumer;

/**
 * Hand-written JDBC as it is usually written: borrow a connection from a HikariCP pool for each
 * call, prepare the statement, run it, close both. Batches use {@code setAutoCommit(false)} and
 * {@code commit()}. No in-process write lock: concurrent writers meet SQLite's busy handler.
 */
public final class JdbcEverydayStore implements StateStore<WorkflowState> {
  private static final int BATCH = 256;

  private final Target target;
  private final HikariDataSource pool;
  private final Clock clock = Clock.systemUTC();

  /** Opens a pool over an existing file. */
  public JdbcEverydayStore(Path file) {
    this(Target.sqlite(file));
  }

  /** Opens a pool over an existing database. */
  public JdbcEverydayStore(Target target) {
    this.target = target;
    this.pool = target.pool("jdbc-everyday");
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
        long now = JdbcRows.nowMicros(clock);
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
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void upsert(WorkflowState row) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
      long now = JdbcRows.nowMicros(clock);
      JdbcRows.bind(target, ps, row, now, now);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public WorkflowState findById(String runId) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(Sql.FIND_BY_ID)) {
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
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(Sql.FIND_ALL);
        ResultSet rs = ps.executeQuery()) {
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
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(Sql.FIND_ALL);
        ResultSet rs = ps.executeQuery()) {
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
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(Sql.RECENT_BY_STATUS_AND_PIPELINE)) {
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
    pool.close();
  }
}
