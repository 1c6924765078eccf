package dev.flujo.tests.queries;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;

/** One step of a workflow run; joined to {@link Workflow} by {@code run_id}. */
@StateTable(name = "workflow_steps")
@Index(columns = "run_id")
public record Step(@Id String stepId, String runId, String name, int position, @Nullable String output) {}
