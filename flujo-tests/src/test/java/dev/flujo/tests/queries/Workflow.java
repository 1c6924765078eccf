package dev.flujo.tests.queries;

import dev.flujo.annotations.Convert;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.tests.Status;
import java.time.Instant;

/** A workflow run, the table most queries read. */
@StateTable(name = "workflows")
@Index(columns = {"status", "started_at"})
public record Workflow(
    @Id String runId,
    String pipelineName,
    Status status,
    int priority,
    Instant startedAt,
    @Nullable String errorMessage,
    @Nullable Long durationMs,
    @Convert(PayloadConverter.class) Payload payload) {}
