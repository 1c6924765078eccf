package dev.flujo.examples.store;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import dev.flujo.annotations.Nullable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Queries over {@code runs}. */
@StateQueries(Run.class)
public interface RunQueries {
  /** The filter and order shared by {@link #page} and {@link #rawFinalContexts}. */
  String PAGE =
      " FROM runs WHERE (:status IS NULL OR status = :status)"
          + " AND (:pipelineName IS NULL OR pipeline_name = :pipelineName)"
          + " ORDER BY created_at DESC, run_id LIMIT :limit OFFSET :offset";

  /**
   * {@link #PAGE} on PostgreSQL, which cannot tell the type of a parameter that is only tested for
   * NULL.
   */
  String PAGE_POSTGRES =
      " FROM runs WHERE (CAST(:status AS text) IS NULL OR status = :status)"
          + " AND (CAST(:pipelineName AS text) IS NULL OR pipeline_name = :pipelineName)"
          + " ORDER BY created_at DESC, run_id LIMIT :limit OFFSET :offset";

  /** The columns of a {@link Run}. */
  String COLUMNS =
      "SELECT run_id, pipeline_id, pipeline_name, pipeline_version, status, created_at,"
          + " updated_at, end_time, total_cost, final_context";

  /** A page of runs, newest first; a null filter matches every row. */
  @Query(value = COLUMNS + PAGE, postgres = COLUMNS + PAGE_POSTGRES)
  List<Run> page(
      @Nullable WorkflowStatus status, @Nullable String pipelineName, int limit, int offset);

  /** The same page as {@link #page}, with the final context as stored text. */
  @Query(
      value = "SELECT run_id, final_context AS json" + PAGE,
      postgres = "SELECT run_id, final_context AS json" + PAGE_POSTGRES)
  List<RawJson> rawFinalContexts(
      @Nullable WorkflowStatus status, @Nullable String pipelineName, int limit, int offset);

  /** Sets a run's {@code updated_at}; false if there is no such run. */
  @Query("UPDATE runs SET updated_at = :now WHERE run_id = :runId")
  boolean touch(String runId, Instant now);

  /** Deletes these runs. */
  @Query("DELETE FROM runs WHERE run_id IN (:runIds)")
  int deleteAll(Collection<String> runIds);
}
