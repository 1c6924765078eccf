package dev.flujo.examples.workers;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import java.time.Instant;

/**
 * The effect of one applied step: table {@code step_effects}, keyed by (run, step), written in the
 * same transaction as the run's progress, so a step applied twice would be a duplicate key and a
 * step whose transaction did not commit left nothing.
 *
 * @param runId the run
 * @param step the step, from 0
 * @param worker the worker that applied it
 * @param fencingToken the token its claim held
 * @param appliedAt when, by the worker's clock
 */
@StateTable(name = "step_effects")
public record StepEffect(
    @Id String runId, @Id int step, String worker, long fencingToken, Instant appliedAt) {}
