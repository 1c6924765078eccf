package dev.flujo.tests.tx;

import dev.flujo.annotations.DbRetry;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** A table with its own retry policy: two attempts, 1 ms apart. */
@StateTable
@DbRetry(
    maxAttempts = 2,
    initialDelayMillis = 1,
    multiplier = 1.0,
    maxDelayMillis = 1,
    jitter = 0.0)
public record Ticket(@Id long id, String note) {}
