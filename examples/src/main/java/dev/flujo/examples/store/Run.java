package dev.flujo.examples.store;

import dev.flujo.annotations.Convert;
import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;
import java.util.Map;

/**
 * The history record of one run: table {@code runs}, written by {@link
 * WorkflowStateStore#saveRunStart}, touched by every step result and closed by {@link
 * WorkflowStateStore#saveRunEnd}.
 *
 * @param runId the run's id; the key
 * @param pipelineId which pipeline ran
 * @param pipelineName its display name
 * @param pipelineVersion its version
 * @param status where the run is
 * @param createdAt when the run was first recorded
 * @param updatedAt when it was last written (start, step result, end)
 * @param endTime when it ended, or null
 * @param totalCost what the run cost, or null
 * @param finalContext the pipeline context at the end, a JSON object, or null
 */
@StateTable(name = "runs")
@Index(columns = "status")
@Index(columns = "pipeline_name")
@Index(columns = "created_at")
public record Run(
    @Id String runId,
    String pipelineId,
    String pipelineName,
    String pipelineVersion,
    WorkflowStatus status,
    @CreatedAt Instant createdAt,
    @UpdatedAt Instant updatedAt,
    @Nullable Instant endTime,
    @Nullable Double totalCost,
    @Nullable @Convert(JsonObjectConverter.class) Map<String, Object> finalContext) {}
