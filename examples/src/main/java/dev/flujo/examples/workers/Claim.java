package dev.flujo.examples.workers;

import java.time.Duration;

/**
 * A run held by a worker: the fencing token every write of the worker on the run is conditional
 * on, and the lease it renews.
 *
 * @param runId the run
 * @param fencingToken the token of this claim
 * @param worker the worker
 * @param lease how long each renewal holds the run
 * @param nextStep the first step still to apply
 * @param totalSteps how many steps the run has
 */
public record Claim(
    String runId, long fencingToken, String worker, Duration lease, int nextStep, int totalSteps) {}
