package dev.flujo.tests.queries;

import dev.flujo.annotations.DbRetry;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import java.time.Instant;

/** A lock lease whose table retries three times, quickly: its queries follow that policy. */
@StateTable
@DbRetry(maxAttempts = 3, initialDelayMillis = 1, maxDelayMillis = 5, jitter = 0)
public record Lease(@Id String name, String owner, Instant expiresAt) {}
