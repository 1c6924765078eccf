package dev.flujo.benchmarks.model;

import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/**
 * The orchestrator's 14-column {@code workflow_state} row, the schema every contender reads and
 * writes. Its generated {@code WorkflowStateDao.TABLE} supplies the one DDL all files are created
 * with. {@code pipelineContext} is JSON text, stored and returned as it is by every contender.
 *
 * @param runId the run's key
 * @param pipelineId the pipeline the run executes
 * @param pipelineName the pipeline's display name
 * @param pipelineVersion the pipeline's version
 * @param currentStepIndex the next step to run
 * @param pipelineContext the run's context as JSON text
 * @param lastStepOutput the output of the last finished step, if any
 * @param status the run's status
 * @param createdAt when the run was first saved (kept across upserts)
 * @param updatedAt when the run was last saved
 * @param totalSteps the pipeline's step count
 * @param errorMessage why the run failed, if it did
 * @param executionTimeMs the run's execution time so far, if measured
 * @param memoryUsageMb the run's memory use, if measured
 */
@StateTable
@Index(columns = "status")
@Index(columns = "pipeline_id")
@Index(columns = "created_at")
public record WorkflowState(
    @Id String runId,
    String pipelineId,
    String pipelineName,
    String pipelineVersion,
    int currentStepIndex,
    String pipelineContext,
    @Nullable String lastStepOutput,
    Status status,
    @CreatedAt Instant createdAt,
    @UpdatedAt Instant updatedAt,
    int totalSteps,
    @Nullable String errorMessage,
    @Nullable Long executionTimeMs,
    @Nullable Double memoryUsageMb) {}
