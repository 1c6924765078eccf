package dev.flujo.examples.workers;

/** Where a run is in the work queue. */
public enum LeaseState {
  /** Waiting for a worker (never claimed, released, or its lease expired). */
  PENDING,
  /** Held by a worker under a lease. */
  CLAIMED,
  /** Every step applied. */
  COMPLETED,
  /** Given up after too many attempts. */
  FAILED
}
