package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flujo.annotations.Convert;
import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of one step of a run: table {@code steps}, keyed by {@code (run_id, step_index)}, so
 * saving a step again (a retried step) replaces its result and keeps its {@code createdAt}.
 *
 * <p>Documented defaults: a null {@code stepName} becomes {@code "step-<index>"} and a null {@code
 * status} {@link StepStatus#COMPLETED}.
 *
 * @param runId the run; first key column
 * @param stepIndex the step's position in the pipeline (0-based); second key column
 * @param stepName the step's name
 * @param status the step's outcome
 * @param output what the step produced, any JSON value, or null
 * @param rawResponse the raw text a model or service answered, or null
 * @param costUsd what the step cost, or null
 * @param tokenCounts tokens used, or null
 * @param executionTimeMs how long the step took, or null
 * @param createdAt when the result was first saved; set by the database's clock
 */
@StateTable(name = "steps")
public record StepResult(
    @Id String runId,
    @Id int stepIndex,
    String stepName,
    StepStatus status,
    @Nullable @Convert(JsonValueConverter.class) JsonNode output,
    @Nullable String rawResponse,
    @Nullable Double costUsd,
    @Nullable Long tokenCounts,
    @Nullable Long executionTimeMs,
    @CreatedAt Instant createdAt) {

  /** Applies the documented defaults. */
  public StepResult {
    Objects.requireNonNull(runId, "runId");
    stepName = stepName == null ? "step-" + stepIndex : stepName;
    status = status == null ? StepStatus.COMPLETED : status;
  }

  /** A result with only its run, index, status and output; the rest null or default. */
  public static StepResult of(String runId, int stepIndex, StepStatus status, JsonNode output) {
    return new StepResult(runId, stepIndex, null, status, output, null, null, null, null, null);
  }
}
