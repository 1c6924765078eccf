package dev.flujo.tests.queries;

import dev.flujo.tests.queries.nullness.Nullable;
import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import dev.flujo.tests.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Every return shape and parameter kind of custom queries, over {@link Workflow}. */
@StateQueries(Workflow.class)
public interface WorkflowQueries {
  @Query("SELECT * FROM workflows WHERE status = :status ORDER BY run_id")
  List<Workflow> byStatus(Status status);

  @Query("SELECT * FROM workflows WHERE pipeline_name = :pipeline ORDER BY run_id LIMIT :limit OFFSET :offset")
  List<Workflow> page(String pipeline, int limit, int offset);

  @Query(
      "SELECT * FROM workflows WHERE pipeline_name = :pipeline AND run_id > :after"
          + " ORDER BY run_id LIMIT :limit")
  List<Workflow> pageAfter(String pipeline, String after, int limit);

  @Query("SELECT * FROM workflows WHERE run_id IN (:ids) ORDER BY run_id")
  List<Workflow> byIds(Collection<String> ids);

  @Query("SELECT run_id FROM workflows WHERE status NOT IN (:statuses) ORDER BY run_id")
  List<String> idsWithStatusNotIn(Set<Status> statuses);

  @Query(
      "SELECT run_id FROM workflows WHERE status IN (:statuses) AND priority >= :minPriority"
          + " AND run_id NOT IN (:excluded) ORDER BY run_id LIMIT :limit")
  List<String> idsByStatuses(
      Collection<Status> statuses, int minPriority, List<String> excluded, int limit);

  @Query("SELECT * FROM workflows WHERE run_id = :runId")
  Optional<Workflow> byId(String runId);

  @Query("SELECT * FROM workflows WHERE run_id = :runId")
  Workflow require(String runId);

  @Query("SELECT * FROM workflows WHERE pipeline_name = :pipeline ORDER BY run_id")
  Stream<Workflow> streamByPipeline(String pipeline);

  @Query("SELECT run_id FROM workflows WHERE run_id IN (:ids) ORDER BY run_id")
  Stream<String> streamIds(Collection<String> ids);

  @Query("SELECT count(*) FROM workflows WHERE status = :status")
  long countByStatus(Status status);

  @Query("SELECT count(*) FROM workflows")
  int countAll();

  @Query("SELECT EXISTS (SELECT 1 FROM workflows WHERE run_id = :runId)")
  boolean exists(String runId);

  @Query("SELECT 1 FROM workflows WHERE status = 'FAILED' LIMIT 1")
  boolean anyFailed();

  @Query("SELECT error_message FROM workflows WHERE run_id = :runId")
  Optional<String> errorOf(String runId);

  @Query("SELECT max(started_at) FROM workflows")
  Optional<Instant> latestStart();

  @Query("SELECT duration_ms FROM workflows WHERE run_id = :runId")
  Long durationOf(String runId);

  @Query("SELECT payload FROM workflows ORDER BY run_id")
  List<Payload> payloads();

  @Query("SELECT * FROM workflows WHERE payload = :payload ORDER BY run_id")
  List<Workflow> byPayload(Payload payload);

  @Query("SELECT * FROM workflows WHERE started_at >= :since ORDER BY started_at, run_id")
  List<Workflow> startedSince(Instant since);

  @Query("SELECT * FROM workflows WHERE pipeline_name = :name")
  List<Workflow> byPipeline(String name);

  @Query("SELECT status, count(*) AS total FROM workflows GROUP BY status ORDER BY status")
  List<StatusCount> countsByStatus();

  @Query(
      "SELECT w.run_id, w.pipeline_name, s.name AS step_name, s.position"
          + " FROM workflows w JOIN workflow_steps s ON s.run_id = w.run_id"
          + " WHERE w.run_id = :runId ORDER BY s.position")
  List<RunStep> stepsOf(String runId);

  @Query("UPDATE workflows SET status = 'FAILED', error_message = :error WHERE run_id = :runId")
  int markFailed(String runId, @Nullable String error);

  @Query("DELETE FROM workflows WHERE started_at < :cutoff")
  long deleteStartedBefore(Instant cutoff);

  @Query("DELETE FROM workflows WHERE run_id = :runId")
  boolean delete(String runId);

  @Query("UPDATE workflows SET pipeline_name = :name WHERE run_id = :runId")
  void rename(String runId, String name);

  @Query(
      "INSERT INTO workflows (run_id, pipeline_name, status, priority, started_at, payload)"
          + " VALUES (:runId, :pipelineName, :status, :priority, :startedAt, :payload)")
  void insert(
      String runId,
      String pipelineName,
      Status status,
      int priority,
      Instant startedAt,
      Payload payload);

  @Query("DELETE FROM workflows WHERE run_id IN (:ids)")
  int deleteAll(Collection<String> ids);

  /** A default method is kept as written. */
  default List<Workflow> failed() {
    return byStatus(Status.FAILED);
  }
}
