package dev.flujo.examples.store;

import java.util.Objects;

/**
 * What {@link WorkflowStateStore#saveRunStart} records. Documented defaults: a null {@code
 * pipelineId} becomes {@value WorkflowState#UNKNOWN_PIPELINE}, a null {@code pipelineName} the
 * pipeline id, a null {@code pipelineVersion} {@value WorkflowState#LATEST_VERSION}.
 *
 * @param runId the run's id
 * @param pipelineId which pipeline runs
 * @param pipelineName its display name
 * @param pipelineVersion its version
 */
public record RunStart(
    String runId, String pipelineId, String pipelineName, String pipelineVersion) {

  /** Applies the documented defaults. */
  public RunStart {
    Objects.requireNonNull(runId, "runId");
    pipelineId = pipelineId == null ? WorkflowState.UNKNOWN_PIPELINE : pipelineId;
    pipelineName = pipelineName == null ? pipelineId : pipelineName;
    pipelineVersion = pipelineVersion == null ? WorkflowState.LATEST_VERSION : pipelineVersion;
  }

  /** A start with only the run id; everything else defaulted. */
  public static RunStart of(String runId) {
    return new RunStart(runId, null, null, null);
  }
}
