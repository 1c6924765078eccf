package dev.flujo.benchmarks.model;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.List;

/** The filtered query of the benchmark, as a Flujo user writes it. */
@StateQueries(WorkflowState.class)
public interface WorkflowStateQueries {
  /** The {@code limit} newest runs with this status and pipeline. */
  @Query(
      "SELECT * FROM workflow_state WHERE status = :status AND pipeline_id = :pipelineId"
          + " ORDER BY created_at DESC LIMIT :limit")
  List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit);
}
