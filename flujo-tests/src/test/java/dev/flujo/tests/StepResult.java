package dev.flujo.tests;

import dev.flujo.annotations.Column;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;

/** A composite key: run id and step index, in declaration order. */
@StateTable(name = "steps")
public record StepResult(
    @Id String runId,
    @Id int stepIndex,
    String stepName,
    @Column(defaultValue = "'pending'") String outcome,
    @Nullable String output) {}
