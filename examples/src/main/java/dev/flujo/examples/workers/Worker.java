package dev.flujo.examples.workers;

import dev.flujo.runtime.ChangeSubscription;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One worker: claims runs, applies their steps one by one (each step's effect and progress in one
 * transaction, which renews the lease), and drops a run as soon as a write is refused. Idle, it
 * waits for a change of the queue (a notification, not a poll of the table), at most {@code
 * idleWait}.
 */
public final class Worker implements Runnable {
  private final WorkQueue queue;
  private final String id;
  private final Duration lease;
  private final Duration stepTime;
  private final Consumer<String> log;
  private volatile boolean stopped;
  private long applied;
  private long refused;

  /**
   * A worker named {@code id} on {@code queue}, holding runs under leases of {@code lease}; each
   * step takes {@code stepTime} of work; {@code log} gets one line per event.
   */
  public Worker(
      WorkQueue queue, String id, Duration lease, Duration stepTime, Consumer<String> log) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.id = Objects.requireNonNull(id, "id");
    this.lease = lease;
    this.stepTime = stepTime;
    this.log = log;
  }

  /** Asks the worker to stop after the step it is applying. */
  public void stop() {
    stopped = true;
  }

  /** Steps this worker applied. */
  public long applied() {
    return applied;
  }

  /** Writes of this worker that were refused because its claim was lost. */
  public long refused() {
    return refused;
  }

  /** Works until there is nothing left to claim or do, or {@link #stop()}. */
  @Override
  public void run() {
    Semaphore changed = new Semaphore(0);
    try (ChangeSubscription s =
        queue.database().subscribe(t -> changed.release(), RunLeaseDao.TABLE)) {
      while (!stopped && !s.isClosed()) {
        Optional<Claim> claim = queue.claimNext(id, lease);
        if (claim.isEmpty()) {
          if (finished()) {
            return;
          }
          changed.drainPermits();
          changed.tryAcquire(Math.min(lease.toMillis(), 200), TimeUnit.MILLISECONDS);
          continue;
        }
        work(claim.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean finished() {
    for (StateCount c : queue.counts()) {
      if ((c.state() == LeaseState.PENDING || c.state() == LeaseState.CLAIMED) && c.runs() > 0) {
        return false;
      }
    }
    return true;
  }

  private void work(Claim claim) throws InterruptedException {
    log.accept("CLAIMED " + claim.runId() + " " + claim.fencingToken());
    for (int step = claim.nextStep(); step < claim.totalSteps(); step++) {
      if (stopped) {
        queue.release(claim);
        return;
      }
      if (!stepTime.isZero()) {
        Thread.sleep(stepTime.toMillis());
      }
      try {
        queue.applyStep(claim, step);
      } catch (LeaseLostException e) {
        refused++;
        log.accept("REFUSED " + claim.runId() + " " + step + " " + e.getMessage());
        return;
      }
      applied++;
      log.accept("APPLIED " + claim.runId() + " " + step + " " + claim.fencingToken());
    }
  }
}
