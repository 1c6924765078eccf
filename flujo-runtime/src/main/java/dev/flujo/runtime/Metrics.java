package dev.flujo.runtime;

/**
 * A snapshot of a {@link StateDatabase}'s counters and pool state.
 *
 * @param operations statements run and transactions begun (each attempt counts)
 * @param retries attempts that were retries of an earlier failed attempt, by a statement or a
 *     transaction of this database
 * @param transientFailures transient failures of this database's operations (busy, locked, write
 *     lock and pool time-outs), whether retried here, by an enclosing unit, or not at all
 * @param retriesExhausted operations that gave up with {@link RetryExhaustedException}
 * @param poolActive connections currently borrowed
 * @param poolIdle connections idle in the pool
 * @param poolWaiting threads waiting for a connection
 * @param poolTotal connections open in the pool
 * @param openStreams streams open now outside a transaction, each holding a connection
 * @param walCheckpoints truncating WAL checkpoints run to keep the WAL within its size limit
 * @param walCheckpointsBlocked WAL checkpoints past {@code walSizeLimit} that could not truncate
 *     the WAL because a reader still used an older snapshot (the writer did not wait)
 */
public record Metrics(
    long operations,
    long retries,
    long transientFailures,
    long retriesExhausted,
    int poolActive,
    int poolIdle,
    int poolWaiting,
    int poolTotal,
    int openStreams,
    long walCheckpoints,
    long walCheckpointsBlocked) {}
