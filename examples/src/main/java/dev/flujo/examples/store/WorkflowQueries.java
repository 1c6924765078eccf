package dev.flujo.examples.store;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import dev.flujo.annotations.Nullable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Queries over {@code workflow_state}, checked against the schema at compile time. */
@StateQueries(WorkflowState.class)
public interface WorkflowQueries {
  /** The columns of a {@link WorkflowSummary}. */
  String SUMMARY =
      "run_id, pipeline_id, pipeline_name, pipeline_version, current_step_index, total_steps,"
          + " status, error_message, execution_time_ms, memory_usage_mb, is_background_task,"
          + " parent_run_id, created_at, updated_at";

  /** A page of workflows, newest first; a null filter matches every row. */
  @Query(
      value =
          "SELECT "
              + SUMMARY
              + " FROM workflow_state"
              + " WHERE (:status IS NULL OR status = :status)"
              + " AND (:pipelineId IS NULL OR pipeline_id = :pipelineId)"
              + " ORDER BY created_at DESC, run_id LIMIT :limit OFFSET :offset",
      // PostgreSQL cannot tell the type of a parameter that is only tested for NULL
      postgres =
          "SELECT "
              + SUMMARY
              + " FROM workflow_state"
              + " WHERE (CAST(:status AS text) IS NULL OR status = :status)"
              + " AND (CAST(:pipelineId AS text) IS NULL OR pipeline_id = :pipelineId)"
              + " ORDER BY created_at DESC, run_id LIMIT :limit OFFSET :offset")
  List<WorkflowSummary> page(
      @Nullable WorkflowStatus status, @Nullable String pipelineId, int limit, int offset);

  /** Failed workflows last saved at or after {@code since}, most recent first. */
  @Query(
      "SELECT "
          + SUMMARY
          + " FROM workflow_state WHERE status = 'FAILED' AND updated_at >= :since"
          + " ORDER BY updated_at DESC, run_id")
  List<WorkflowSummary> failedSince(Instant since);

  /** How many workflows have each status; statuses without workflows are absent. */
  @Query("SELECT status, count(*) AS total FROM workflow_state GROUP BY status")
  List<StatusCount> countsByStatus();

  /** How many workflows were first saved at or after {@code since}. */
  @Query("SELECT count(*) FROM workflow_state WHERE created_at >= :since")
  long countCreatedSince(Instant since);

  /** The mean execution time of the workflows that have one. */
  @Query("SELECT avg(execution_time_ms) FROM workflow_state WHERE execution_time_ms IS NOT NULL")
  Optional<Double> averageExecutionTimeMs();

  /**
   * The runs whose latest write, in {@code workflow_state} or {@code runs}, is older than {@code
   * cutoff}.
   */
  @Query(
      "SELECT run_id FROM (SELECT run_id, updated_at FROM workflow_state"
          + " UNION ALL SELECT run_id, updated_at FROM runs)"
          + " GROUP BY run_id HAVING max(updated_at) < :cutoff ORDER BY run_id")
  List<String> runsLastWrittenBefore(Instant cutoff);

  /** Deletes the states of these runs. */
  @Query("DELETE FROM workflow_state WHERE run_id IN (:runIds)")
  int deleteAll(Collection<String> runIds);
}
