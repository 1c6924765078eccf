package dev.flujo.runtime;

/**
 * How transient failures are retried: up to {@code maxAttempts} attempts in all, the n-th retry
 * waiting {@code min(maxDelayMillis, initialDelayMillis * multiplier^(n-1))} reduced by a random
 * fraction of up to {@code jitter} of itself. Mirrors {@code @DbRetry}.
 *
 * @param maxAttempts attempts in all, including the first; at least 1
 * @param initialDelayMillis delay before the first retry; not negative
 * @param multiplier growth of the delay per retry; at least 1
 * @param maxDelayMillis cap of any one delay; at least {@code initialDelayMillis}
 * @param jitter randomized fraction of each delay, in {@code [0, 1]}
 */
public record RetryPolicy(
    int maxAttempts,
    long initialDelayMillis,
    double multiplier,
    long maxDelayMillis,
    double jitter) {

  /** The default policy: 5 attempts, 10 ms doubling to at most 1 s, 50% jitter. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, 10, 2.0, 1000, 0.5);

  /** A single attempt: transient failures surface at once as {@link RetryExhaustedException}. */
  public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0, 0.0);

  /** Validates the policy. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialDelayMillis < 0) {
      throw new IllegalArgumentException(
          "initialDelayMillis must not be negative, was " + initialDelayMillis);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
    }
    if (maxDelayMillis < initialDelayMillis) {
      throw new IllegalArgumentException(
          "maxDelayMillis ("
              + maxDelayMillis
              + ") must be at least initialDelayMillis ("
              + initialDelayMillis
              + ")");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
    }
  }

  /** A policy with a different number of attempts. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialDelayMillis, multiplier, maxDelayMillis, jitter);
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry), given a uniform random
   * number {@code random} in {@code [0, 1)}. Always within {@code [(1 - jitter) * base, base]}
   * where {@code base} is the capped exponential delay.
   */
  public long delayMillis(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1, was " + retry);
    }
    double base = initialDelayMillis * Math.pow(multiplier, retry - 1);
    double capped = Math.min(base, (double) maxDelayMillis);
    return Math.round(capped * (1.0 - jitter * random));
  }
}
