package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.BatchChunkSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The JDBI 3 SqlObject of the JDBI contender: the same SQL as {@link Sql} with named parameters,
 * rows bound from the record's accessors ({@code @BindMethods}) and read by a hand-written
 * index-based {@link Mapper}, registered once on the {@code Jdbi} (a {@code @RegisterRowMapper}
 * on the interface would re-register it on every on-demand call).
 */
public interface JdbiWorkflowDao {
  /** The upsert with named parameters; {@code :now} is bound to both timestamps. */
  String UPSERT =
      "INSERT INTO \"workflow_state\" (\"run_id\", \"pipeline_id\", \"pipeline_name\","
          + " \"pipeline_version\", \"current_step_index\", \"pipeline_context\","
          + " \"last_step_output\", \"status\", \"created_at\", \"updated_at\", \"total_steps\","
          + " \"error_message\", \"execution_time_ms\", \"memory_usage_mb\") VALUES (:runId,"
          + " :pipelineId, :pipelineName, :pipelineVersion, :currentStepIndex, :pipelineContext,"
          + " :lastStepOutput, :status, :now, :now, :totalSteps, :errorMessage, :executionTimeMs,"
          + " :memoryUsageMb) ON CONFLICT (\"run_id\") DO UPDATE SET \"pipeline_id\" ="
          + " excluded.\"pipeline_id\", \"pipeline_name\" = excluded.\"pipeline_name\","
          + " \"pipeline_version\" = excluded.\"pipeline_version\", \"current_step_index\" ="
          + " excluded.\"current_step_index\", \"pipeline_context\" ="
          + " excluded.\"pipeline_context\", \"last_step_output\" ="
          + " excluded.\"last_step_output\", \"status\" = excluded.\"status\", \"updated_at\" ="
          + " excluded.\"updated_at\", \"total_steps\" = excluded.\"total_steps\","
          + " \"error_message\" = excluded.\"error_message\", \"execution_time_ms\" ="
          + " excluded.\"execution_time_ms\", \"memory_usage_mb\" = excluded.\"memory_usage_mb\"";

  /** The selected columns, in {@link Sql#COLUMNS} order. */
  String COLUMNS =
      "\"run_id\", \"pipeline_id\", \"pipeline_name\", \"pipeline_version\","
          + " \"current_step_index\", \"pipeline_context\", \"last_step_output\", \"status\","
          + " \"created_at\", \"updated_at\", \"total_steps\", \"error_message\","
          + " \"execution_time_ms\", \"memory_usage_mb\"";

  /** Upserts all rows in one transaction, in JDBC batches of 256. */
  @Transaction
  @SqlBatch(UPSERT)
  @BatchChunkSize(256)
  void upsertAll(@BindMethods Iterable<WorkflowState> rows, @Bind("now") long now);

  /** Upserts one row (autocommit). */
  @SqlUpdate(UPSERT)
  void upsert(@BindMethods WorkflowState row, @Bind("now") long now);

  /** {@link #upsertAll} where the timestamps are {@code timestamptz} (PostgreSQL). */
  @Transaction
  @SqlBatch(UPSERT)
  @BatchChunkSize(256)
  void upsertAllTimestamps(
      @BindMethods Iterable<WorkflowState> rows, @Bind("now") OffsetDateTime now);

  /** {@link #upsert} where the timestamps are {@code timestamptz} (PostgreSQL). */
  @SqlUpdate(UPSERT)
  void upsertTimestamps(@BindMethods WorkflowState row, @Bind("now") OffsetDateTime now);

  /** The row with this key, or null. */
  @SqlQuery("SELECT " + COLUMNS + " FROM \"workflow_state\" WHERE \"run_id\" = :runId")
  WorkflowState findById(@Bind("runId") String runId);

  /** Every row in key order. */
  @SqlQuery("SELECT " + COLUMNS + " FROM \"workflow_state\" ORDER BY \"run_id\"")
  List<WorkflowState> findAll();

  /** Every row in key order, lazily; the stream holds a handle until closed. */
  @SqlQuery("SELECT " + COLUMNS + " FROM \"workflow_state\" ORDER BY \"run_id\"")
  Stream<WorkflowState> streamAll();

  /** The filtered, ordered, limited query. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM \"workflow_state\" WHERE \"status\" = :status AND \"pipeline_id\" = :pipelineId"
          + " ORDER BY \"created_at\" DESC LIMIT :limit")
  List<WorkflowState> recentByStatusAndPipeline(
      @Bind("status") Status status, @Bind("pipelineId") String pipelineId, @Bind("limit") int limit);

  /** Reads a row by column index, the same code as the JDBC contenders. */
  final class Mapper implements RowMapper<WorkflowState> {
    private final Target target;

    /** Registered on the {@code Jdbi} by {@link JdbiStore}. */
    public Mapper() {
      this(null);
    }

    /** A mapper for {@code target}'s database (SQLite if null). */
    public Mapper(Target target) {
      this.target = target != null && target.timestamps() ? target : null;
    }

    @Override
    public WorkflowState map(ResultSet rs, StatementContext ctx) throws SQLException {
      return JdbcRows.read(target, rs);
    }
  }
}
