package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;

/**
 * Hand-written binding and mapping by column index, as an expert writes them for plain JDBC; used
 * by both JDBC contenders and the JDBI row mapper.
 */
public final class JdbcRows {
  private JdbcRows() {}

  /** The current time of {@code clock} in epoch microseconds. */
  public static long nowMicros(Clock clock) {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** Epoch microseconds of an instant. */
  public static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  /** The instant of epoch microseconds. */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /**
   * Binds the 14 parameters of {@link Sql#UPSERT}; {@code createdAt} and {@code updatedAt} are
   * bound as given (epoch microseconds).
   */
  public static void bind(PreparedStatement ps, WorkflowState row, long createdAt, long updatedAt)
      throws SQLException {
    bind(null, ps, row, createdAt, updatedAt);
  }

  /**
   * Binds the 14 parameters of {@link Sql#UPSERT} for {@code target}'s database (SQLite if null);
   * {@code createdAt} and {@code updatedAt} are epoch microseconds.
   */
  public static void bind(
      Target target, PreparedStatement ps, WorkflowState row, long createdAt, long updatedAt)
      throws SQLException {
    ps.setString(1, row.runId());
    ps.setString(2, row.pipelineId());
    ps.setString(3, row.pipelineName());
    ps.setString(4, row.pipelineVersion());
    ps.setInt(5, row.currentStepIndex());
    ps.setString(6, row.pipelineContext());
    if (row.lastStepOutput() == null) {
      ps.setNull(7, Types.VARCHAR);
    } else {
      ps.setString(7, row.lastStepOutput());
    }
    ps.setString(8, row.status().name());
    if (target == null) {
      ps.setLong(9, createdAt);
      ps.setLong(10, updatedAt);
    } else {
      target.bindTime(ps, 9, createdAt);
      target.bindTime(ps, 10, updatedAt);
    }
    ps.setInt(11, row.totalSteps());
    if (row.errorMessage() == null) {
      ps.setNull(12, Types.VARCHAR);
    } else {
      ps.setString(12, row.errorMessage());
    }
    if (row.executionTimeMs() == null) {
      ps.setNull(13, Types.BIGINT);
    } else {
      ps.setLong(13, row.executionTimeMs());
    }
    if (row.memoryUsageMb() == null) {
      ps.setNull(14, Types.DOUBLE);
    } else {
      ps.setDouble(14, row.memoryUsageMb());
    }
  }

  /** Maps the current row of a result set selecting {@link Sql#COLUMNS} in order. */
  public static WorkflowState read(ResultSet rs) throws SQLException {
    return read(null, rs);
  }

  /** Maps the current row for {@code target}'s database (SQLite if null). */
  public static WorkflowState read(Target target, ResultSet rs) throws SQLException {
    long executionTime = rs.getLong(13);
    Long executionTimeMs = rs.wasNull() ? null : executionTime;
    double memory = rs.getDouble(14);
    Double memoryUsageMb = rs.wasNull() ? null : memory;
    return new WorkflowState(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        rs.getString(6),
        rs.getString(7),
        Status.valueOf(rs.getString(8)),
        target == null ? instant(rs.getLong(9)) : target.readTime(rs, 9),
        target == null ? instant(rs.getLong(10)) : target.readTime(rs, 10),
        rs.getInt(11),
        rs.getString(12),
        executionTimeMs,
        memoryUsageMb);
  }
}
