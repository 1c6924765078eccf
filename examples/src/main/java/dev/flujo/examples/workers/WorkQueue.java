package dev.flujo.examples.workers;

import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs shared by many workers (threads, processes, hosts) on one state store, with leases and
 * fencing tokens so that every step is applied exactly once even when workers die or pause.
 *
 * <ul>
 *   <li>{@link #claimNext} takes a runnable run (pending, or held under a lease that ended) and
 *       increments its fencing token, in one transaction; on PostgreSQL the candidate rows are
 *       locked with {@code FOR UPDATE SKIP LOCKED}, on SQLite the transaction is the single
 *       writer.
 *   <li>{@link #applyStep} records a step's effect and the run's progress in one transaction,
 *       conditional on the claim's token and on its lease not having ended: a worker that paused
 *       past its lease is refused with {@link LeaseLostException} and its write is not applied.
 *   <li>{@link #heartbeat} renews the lease; {@link #fail} ends an attempt (the run is given up,
 *       FAILED with the reason, after {@code maxAttempts}); {@link #release} gives a run back on
 *       shutdown. A lease that ended is reclaimed by the next claimer and counts as an attempt.
 * </ul>
 */
public final class WorkQueue {
  /** The tables the queue needs; pass them to {@link StateDatabase.Builder#tables}. */
  public static final List<TableDefinition> TABLES =
      List.of(RunLeaseDao.TABLE, StepEffectDao.TABLE);

  private static final int CANDIDATES = 8;

  private final StateDatabase db;
  private final RunLeaseDao leases;
  private final StepEffectDao effects;
  private final LeaseQueries queue;
  private final EffectQueries effectQueries;
  private final Clock clock;
  private final int maxAttempts;

  /** A queue over {@code db}; a run fails for good after {@code maxAttempts} failed attempts. */
  public WorkQueue(StateDatabase db, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.db = Objects.requireNonNull(db, "db");
    this.leases = new RunLeaseDao(db);
    this.effects = new StepEffectDao(db);
    this.queue = new LeaseQueriesImpl(db);
    this.effectQueries = new EffectQueriesImpl(db);
    this.clock = db.clock();
    this.maxAttempts = maxAttempts;
  }

  /** The database. */
  public StateDatabase database() {
    return db;
  }

  /** Adds a run of {@code steps} steps, pending. */
  public void submit(String runId, int steps) {
    leases.insert(
        new RunLease(runId, LeaseState.PENDING, null, 0, null, 0, steps, 0, null));
  }

  /** Adds many runs in one transaction. */
  public void submitAll(List<String> runIds, int steps) {
    db.inTransaction(
        () -> {
          for (String runId : runIds) {
            submit(runId, steps);
          }
        });
  }

  /**
   * Claims the next runnable run for {@code worker} under a lease of {@code lease}, or empty if
   * there is none now. Runs whose expired leases used up their attempts become FAILED first.
   */
  public Optional<Claim> claimNext(String worker, Duration lease) {
    Objects.requireNonNull(worker, "worker");
    return db.inTransaction(
        () -> {
          Instant now = clock.instant();
          queue.failExhausted(now, maxAttempts);
          for (Claimable c : queue.claimable(now, CANDIDATES)) {
            if (queue.claim(c.runId(), c.fencingToken(), worker, now.plus(lease), now)) {
              return Optional.of(
                  new Claim(
                      c.runId(), c.fencingToken() + 1, worker, lease, c.nextStep(), c.totalSteps()));
            }
          }
          return Optional.<Claim>empty();
        });
  }

  /**
   * Renews the claim's lease.
   *
   * @throws LeaseLostException if the run is no longer the claim's
   */
  public void heartbeat(Claim claim) {
    Instant now = clock.instant();
    if (!queue.renew(claim.runId(), claim.fencingToken(), now.plus(claim.lease()), now)) {
      throw new LeaseLostException(claim, "heartbeat");
    }
  }

  /**
   * Applies step {@code step} of the claim's run: its effect and the run's progress in one
   * transaction, which also renews the lease; the last step completes the run.
   *
   * @throws LeaseLostException if the run is no longer the claim's or its lease ended; nothing is
   *     written
   */
  public void applyStep(Claim claim, int step) {
    db.inTransaction(
        () -> {
          Instant now = clock.instant();
          if (!queue.advance(
              claim.runId(), claim.fencingToken(), step, now.plus(claim.lease()), now)) {
            throw new LeaseLostException(claim, "step " + step);
          }
          effects.insert(
              new StepEffect(claim.runId(), step, claim.worker(), claim.fencingToken(), now));
        });
  }

  /**
   * Ends a failed attempt: the run goes back to PENDING, or to FAILED with {@code reason} once
   * {@code maxAttempts} attempts failed.
   *
   * @throws LeaseLostException if the run is no longer the claim's
   */
  public void fail(Claim claim, String reason) {
    if (!queue.fail(claim.runId(), claim.fencingToken(), reason, maxAttempts)) {
      throw new LeaseLostException(claim, "fail");
    }
  }

  /** Gives the run back without counting an attempt; false if the claim no longer holds it. */
  public boolean release(Claim claim) {
    return queue.release(claim.runId(), claim.fencingToken());
  }

  /** The run, as stored. */
  public Optional<RunLease> find(String runId) {
    return leases.findById(runId);
  }

  /** How many runs are in each state. */
  public List<StateCount> counts() {
    return queue.counts();
  }

  /** How many step effects are stored. */
  public long effects() {
    return effectQueries.count();
  }

  /** How many effects of a run were applied under {@code token}. */
  public long appliedWith(String runId, long token) {
    return effectQueries.appliedWith(runId, token);
  }
}
