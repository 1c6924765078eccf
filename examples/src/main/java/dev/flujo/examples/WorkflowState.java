package dev.flujo.examples;

import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/** The saved state of one workflow run: where it is, what it carries, how it went. */
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
    WorkflowStatus status,
    @CreatedAt Instant createdAt,
    @UpdatedAt Instant updatedAt,
    int totalSteps,
    @Nullable String errorMessage,
    @Nullable Long executionTimeMs,
    @Nullable Double memoryUsageMb) {}
