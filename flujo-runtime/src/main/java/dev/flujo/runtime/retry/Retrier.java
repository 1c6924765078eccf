package dev.flujo.runtime.retry;

import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts under a {@link RetryPolicy}: retries {@link TransientStateException}s with
 * capped, jittered exponential backoff and throws {@link RetryExhaustedException} when attempts
 * run out. Anything else propagates at once. A sleep interrupted stops retrying and restores the
 * interrupt flag.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** A retrier with the system sleeper and a thread-local random source. */
  public static final Retrier SYSTEM =
      new Retrier(Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());

  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final LongAdder retries = new LongAdder();
  private final LongAdder transientFailures = new LongAdder();
  private final LongAdder exhausted = new LongAdder();

  /** Creates a retrier; {@code random} yields uniform numbers in {@code [0, 1)}. */
  public Retrier(Sleeper sleeper, DoubleSupplier random) {
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails with a non-transient exception, or the policy
   * gives up. If an enclosing unit of work on this thread retries, runs one attempt and lets a
   * transient failure through to it.
   */
  public <T> T call(RetryPolicy policy, String operation, Attempt<T> attempt) {
    if (RetryScope.active()) {
      try {
        return attempt.run();
      } catch (TransientStateException e) {
        transientFailures.increment();
        throw e;
      }
    }
    RetryScope.enter();
    try {
      return loop(policy, operation, attempt, 1, 0L);
    } finally {
      RetryScope.exit();
    }
  }

  /**
   * Continues after a first attempt failed with {@code first}: the fast path of a caller that
   * made its first attempt without a lambda.
   */
  public <T> T retryAfter(
      TransientStateException first, RetryPolicy policy, String operation, Attempt<T> attempt) {
    transientFailures.increment();
    if (RetryScope.active()) {
      throw first;
    }
    RetryScope.enter();
    try {
      long waited = backoff(first, policy, operation, 1, 0L);
      return loop(policy, operation, attempt, 2, waited);
    } finally {
      RetryScope.exit();
    }
  }

  private <T> T loop(
      RetryPolicy policy, String operation, Attempt<T> attempt, int number, long waited) {
    while (true) {
      try {
        return attempt.run();
      } catch (TransientStateException e) {
        transientFailures.increment();
        waited = backoff(e, policy, operation, number, waited);
        number++;
      }
    }
  }

  /** Sleeps before the next attempt, or throws if attempt {@code number} was the last. */
  private long backoff(
      TransientStateException failure,
      RetryPolicy policy,
      String operation,
      int number,
      long waited) {
    if (number >= policy.maxAttempts()) {
      exhausted.increment();
      LOG.warn(
          "{} gave up after {} attempts ({} ms waited): {}",
          operation,
          number,
          waited,
          failure.getMessage());
      throw new RetryExhaustedException(operation, number, waited, failure);
    }
    long delay = policy.delayMillis(number, random.getAsDouble());
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} attempt {} of {} failed ({}); retrying in {} ms",
          operation,
          number,
          policy.maxAttempts(),
          failure.getMessage(),
          delay);
    }
    try {
      if (delay > 0) {
        sleeper.sleep(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StateException stop =
          new StateException(
              operation + " interrupted while waiting to retry after: " + failure.getMessage(),
              e);
      stop.addSuppressed(failure);
      throw stop;
    }
    retries.increment();
    return waited + delay;
  }

  /** Attempts that were retries. */
  public long retries() {
    return retries.sum();
  }

  /** Transient failures seen. */
  public long transientFailures() {
    return transientFailures.sum();
  }

  /** Operations that gave up. */
  public long exhausted() {
    return exhausted.sum();
  }
}
