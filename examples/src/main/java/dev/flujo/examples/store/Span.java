package dev.flujo.examples.store;

import dev.flujo.annotations.Column;
import dev.flujo.annotations.Convert;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.time.Instant;
import java.util.Map;

/**
 * One span of a run's trace, as stored: table {@code spans}. {@link WorkflowStateStore#saveTrace}
 * writes a tree of {@link SpanNode}s as rows that point to their parent; {@link
 * WorkflowStateStore#loadTrace} rebuilds the tree.
 *
 * @param spanId the span's id; the key, unique across runs
 * @param runId the run the span belongs to
 * @param parentSpanId the enclosing span, or null for a root
 * @param name what the span measured
 * @param startTime when it started
 * @param endTime when it ended, or null
 * @param status how it ended
 * @param attributes free-form JSON object
 */
@StateTable(name = "spans")
@Index(columns = "run_id")
public record Span(
    @Id String spanId,
    String runId,
    @Nullable String parentSpanId,
    String name,
    Instant startTime,
    @Nullable Instant endTime,
    SpanStatus status,
    @Column(defaultValue = "'{}'") @Convert(JsonObjectConverter.class)
        Map<String, Object> attributes) {}
