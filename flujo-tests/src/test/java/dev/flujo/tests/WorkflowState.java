package dev.flujo.tests;

import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/** The quick-start state class of the README. */
@StateTable
@Index(columns = "status")
public record WorkflowState(
    @Id String runId,
    String pipelineId,
    int currentStepIndex,
    @Nullable String errorMessage,
    Status status,
    @CreatedAt Instant createdAt,
    @UpdatedAt Instant updatedAt,
    @Nullable Long executionTimeMs,
    @Nullable Double memoryUsageMb) {}
