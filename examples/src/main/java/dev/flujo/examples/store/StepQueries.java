package dev.flujo.examples.store;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.Collection;
import java.util.List;

/** Queries over {@code steps}. */
@StateQueries(StepResult.class)
public interface StepQueries {
  /** A run's step results in step order. */
  @Query(
      "SELECT run_id, step_index, step_name, status, output, raw_response, cost_usd,"
          + " token_counts, execution_time_ms, created_at"
          + " FROM steps WHERE run_id = :runId ORDER BY step_index")
  List<StepResult> forRun(String runId);

  /** Deletes a run's step results. */
  @Query("DELETE FROM steps WHERE run_id = :runId")
  int deleteForRun(String runId);

  /** Deletes the step results of these runs. */
  @Query("DELETE FROM steps WHERE run_id IN (:runIds)")
  int deleteForRuns(Collection<String> runIds);
}
