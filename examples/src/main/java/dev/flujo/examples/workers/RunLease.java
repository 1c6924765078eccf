package dev.flujo.examples.workers;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.time.Instant;

/**
 * A run in the work queue: table {@code run_leases}. Who holds it, until when, and the fencing
 * token of the current holder: every claim increments the token, and every write a worker makes
 * on the run is conditional on the token it claimed with, so a worker whose lease was taken over
 * cannot write any more.
 *
 * @param runId the run
 * @param state where it is in the queue
 * @param owner the worker holding it, or null
 * @param fencingToken incremented by every claim; 0 before the first
 * @param leaseUntil when the holder's lease ends, or null
 * @param nextStep the next step to apply, from 0
 * @param totalSteps how many steps the run has
 * @param attempts how many claims ended in a failure or an expired lease
 * @param lastError the reason of the last failure, or null
 */
@StateTable(name = "run_leases")
@Index(columns = {"state", "lease_until"})
public record RunLease(
    @Id String runId,
    LeaseState state,
    @Nullable String owner,
    long fencingToken,
    @Nullable Instant leaseUntil,
    int nextStep,
    int totalSteps,
    int attempts,
    @Nullable String lastError) {}
