package dev.flujo.runtime;

/**
 * A snapshot of a {@link StateDatabase}'s counters and pool state.
 *
 * @param operations statements and transactions attempted (each attempt counts)
 * @param retries attempts that were retries of an earlier failed attempt
 * @param transientFailures transient failures seen (busy, locked, time-outs), retried or not
 * @param retriesExhausted operations that gave up with {@link RetryExhaustedException}
 * @param poolActive connections currently borrowed
 * @param poolIdle connections idle in the pool
 * @param poolWaiting threads waiting for a connection
 * @param poolTotal connections open in the pool
 */
public record Metrics(
    long operations,
    long retries,
    long transientFailures,
    long retriesExhausted,
    int poolActive,
    int poolIdle,
    int poolWaiting,
    int poolTotal) {}
