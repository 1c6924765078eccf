package dev.flujo.examples.store;

import java.time.Instant;

/**
 * One row of {@link WorkflowStateStore#listWorkflows} and {@link
 * WorkflowStateStore#failedWorkflows}: a workflow's state without its JSON columns.
 *
 * @param runId the run's id
 * @param pipelineId which pipeline runs
 * @param pipelineName its display name
 * @param pipelineVersion its version
 * @param currentStepIndex the next step to run
 * @param totalSteps how many steps the pipeline has
 * @param status where the run is
 * @param errorMessage why it failed, or null
 * @param executionTimeMs how long it took, or null
 * @param memoryUsageMb peak memory, or null
 * @param isBackgroundTask whether it runs in the background
 * @param parentRunId the run that started it, or null
 * @param createdAt when the state was first saved
 * @param updatedAt when the state was last saved
 */
public record WorkflowSummary(
    String runId,
    String pipelineId,
    String pipelineName,
    String pipelineVersion,
    int currentStepIndex,
    int totalSteps,
    WorkflowStatus status,
    String errorMessage,
    Long executionTimeMs,
    Double memoryUsageMb,
    boolean isBackgroundTask,
    String parentRunId,
    Instant createdAt,
    Instant updatedAt) {}
