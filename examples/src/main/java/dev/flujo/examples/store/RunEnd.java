package dev.flujo.examples.store;

import java.util.Map;
import java.util.Objects;

/**
 * What {@link WorkflowStateStore#saveRunEnd} records. Documented default: a null {@code status}
 * becomes {@link WorkflowStatus#COMPLETED}.
 *
 * @param runId the run's id
 * @param status how the run ended
 * @param totalCost what it cost, or null
 * @param finalContext the pipeline context at the end (a JSON object), or null
 */
public record RunEnd(
    String runId, WorkflowStatus status, Double totalCost, Map<String, Object> finalContext) {

  /** Applies the documented default and copies the context. */
  public RunEnd {
    Objects.requireNonNull(runId, "runId");
    status = status == null ? WorkflowStatus.COMPLETED : status;
    finalContext = finalContext == null ? null : Json.copyOf(finalContext);
  }
}
