package dev.flujo.examples.workers;

import dev.flujo.annotations.Lock;
import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.time.Instant;
import java.util.List;

/** The work queue's statements over {@code run_leases}. */
@StateQueries(RunLease.class)
public interface LeaseQueries {
  /**
   * Runs a worker may claim now: pending, or claimed under a lease that ended, oldest first. On
   * PostgreSQL the rows are locked and rows other workers locked are skipped, so concurrent
   * claimers take different runs; on SQLite the claim runs inside the single writer.
   */
  @Query(
      value =
          "SELECT run_id, fencing_token, next_step, total_steps FROM run_leases"
              + " WHERE state = 'PENDING' OR (state = 'CLAIMED' AND lease_until < :now)"
              + " ORDER BY run_id LIMIT :limit",
      lock = Lock.SKIP_LOCKED)
  List<Claimable> claimable(Instant now, int limit);

  /**
   * Claims a run seen with {@code token}: takes the lease and increments the token; false if
   * another worker claimed it meanwhile. A claim of an expired lease counts as an attempt.
   */
  @Query(
      "UPDATE run_leases SET state = 'CLAIMED', owner = :worker,"
          + " fencing_token = fencing_token + 1, lease_until = :until,"
          + " attempts = attempts + (CASE WHEN state = 'CLAIMED' THEN 1 ELSE 0 END)"
          + " WHERE run_id = :runId AND fencing_token = :token"
          + " AND (state = 'PENDING' OR (state = 'CLAIMED' AND lease_until < :now))")
  boolean claim(String runId, long token, String worker, Instant until, Instant now);

  /**
   * Extends the lease of the holder of {@code token}, if its lease has not ended; false
   * otherwise (the token moved on, or the lease ended).
   */
  @Query(
      "UPDATE run_leases SET lease_until = :until"
          + " WHERE run_id = :runId AND fencing_token = :token AND state = 'CLAIMED'"
          + " AND lease_until >= :now")
  boolean renew(String runId, long token, Instant until, Instant now);

  /**
   * Records that step {@code step} was applied by the holder of {@code token}, whose lease must not
   * have ended; false otherwise. The caller's transaction then rolls back.
   */
  @Query(
      value =
          "UPDATE run_leases SET next_step = :step + 1,"
              + " state = (CASE WHEN :step + 1 >= total_steps THEN 'COMPLETED' ELSE state END),"
              + " owner = (CASE WHEN :step + 1 >= total_steps THEN NULL ELSE owner END),"
              + " lease_until = (CASE WHEN :step + 1 >= total_steps THEN NULL ELSE :until END)"
              + " WHERE run_id = :runId AND fencing_token = :token AND state = 'CLAIMED'"
              + " AND next_step = :step AND lease_until >= :now",
      // PostgreSQL types a CASE of NULL and a parameter as text; the cast says timestamptz
      postgres =
          "UPDATE run_leases SET next_step = :step + 1,"
              + " state = (CASE WHEN :step + 1 >= total_steps THEN 'COMPLETED' ELSE state END),"
              + " owner = (CASE WHEN :step + 1 >= total_steps THEN NULL ELSE owner END),"
              + " lease_until = (CASE WHEN :step + 1 >= total_steps THEN NULL"
              + " ELSE CAST(:until AS timestamptz) END)"
              + " WHERE run_id = :runId AND fencing_token = :token AND state = 'CLAIMED'"
              + " AND next_step = :step AND lease_until >= :now")
  boolean advance(String runId, long token, int step, Instant until, Instant now);

  /**
   * Ends a failed attempt of the holder of {@code token}: back to PENDING, or FAILED with the
   * reason once {@code maxAttempts} attempts failed; false if the token moved on.
   */
  @Query(
      "UPDATE run_leases SET attempts = attempts + 1, last_error = :reason, owner = NULL,"
          + " lease_until = NULL,"
          + " state = (CASE WHEN attempts + 1 >= :maxAttempts THEN 'FAILED' ELSE 'PENDING' END)"
          + " WHERE run_id = :runId AND fencing_token = :token AND state = 'CLAIMED'")
  boolean fail(String runId, long token, String reason, int maxAttempts);

  /** Gives a run back without counting an attempt (a worker shutting down); false if not held. */
  @Query(
      "UPDATE run_leases SET state = 'PENDING', owner = NULL, lease_until = NULL"
          + " WHERE run_id = :runId AND fencing_token = :token AND state = 'CLAIMED'")
  boolean release(String runId, long token);

  /** Marks runs whose expired leases were claimed too often as FAILED. */
  @Query(
      "UPDATE run_leases SET state = 'FAILED', owner = NULL, lease_until = NULL,"
          + " last_error = 'lease expired ' || attempts || ' times'"
          + " WHERE state = 'CLAIMED' AND lease_until < :now AND attempts + 1 >= :maxAttempts")
  int failExhausted(Instant now, int maxAttempts);

  /** How many runs are in each state. */
  @Query("SELECT state, count(*) AS runs FROM run_leases GROUP BY state ORDER BY state")
  List<StateCount> counts();
}
