package dev.flujo.runtime;

/**
 * How a client's writes on PostgreSQL tell other clients, whose subscriptions ({@link
 * StateDatabase#subscribe}) then hear them. Subscribers in the writing process hear every commit
 * whatever the mode. SQLite needs none of this: other processes notice commits by polling.
 */
public enum NotifyMode {
  /**
   * {@code NOTIFY} inside the writing transaction (the default): delivered exactly when the write
   * commits and never lost. PostgreSQL commits notifying transactions one at a time, server-wide,
   * each holding a lock until its commit is flushed, which caps the throughput of many concurrent
   * writers with durable commits.
   */
  IN_TRANSACTION,
  /**
   * {@code NOTIFY} after the commit, from a thread of the database's own, the tables of many
   * commits in one message, in a transaction that does not wait for its flush: writers take no
   * server-wide lock. Delivered a little later (one more round trip), and lost if the process
   * dies between a commit and the next round, milliseconds later.
   */
  AFTER_COMMIT,
  /**
   * No {@code NOTIFY} for writes: other clients hear nothing of them (schema changes made by
   * {@link StateDatabase.Builder#open()} are still announced, once).
   */
  OFF
}
