package dev.flujo.examples.workers;

/**
 * A run a worker may claim, as it was seen.
 *
 * @param runId the run
 * @param fencingToken its token then
 * @param nextStep the next step to apply
 * @param totalSteps how many steps it has
 */
public record Claimable(String runId, long fencingToken, int nextStep, int totalSteps) {}
