package dev.flujo.examples.store;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.Collection;
import java.util.List;

/** Queries over {@code spans}. */
@StateQueries(Span.class)
public interface SpanQueries {
  /** A run's spans, by start time then id. */
  @Query(
      "SELECT span_id, run_id, parent_span_id, name, start_time, end_time, status, attributes"
          + " FROM spans WHERE run_id = :runId ORDER BY start_time, span_id")
  List<Span> forRun(String runId);

  /** Deletes a run's spans. */
  @Query("DELETE FROM spans WHERE run_id = :runId")
  int deleteForRun(String runId);

  /** Deletes the spans of these runs. */
  @Query("DELETE FROM spans WHERE run_id IN (:runIds)")
  int deleteForRuns(Collection<String> runIds);
}
