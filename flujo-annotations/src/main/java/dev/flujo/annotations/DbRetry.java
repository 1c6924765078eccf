package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retry policy for transient database failures (SQLite {@code BUSY}/{@code LOCKED}, pool
 * time-outs): exponential backoff from {@link #initialDelayMillis()}, multiplied by {@link
 * #multiplier()} after each attempt, capped at {@link #maxDelayMillis()}, with {@link #jitter()}
 * as the randomized fraction of each delay.
 *
 * <ul>
 *   <li>On a {@link StateTable} type: the policy of every generated DAO method of that table.
 *   <li>On an interface or its methods: the processor generates {@code Retrying<Interface>}, which
 *       wraps the retried methods of a delegate.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DbRetry {
  /** Total attempts, including the first; at least 1. */
  int maxAttempts() default 5;

  /** Delay before the first retry, in milliseconds; not negative. */
  long initialDelayMillis() default 10;

  /** Factor applied to the delay after each retry; at least 1. */
  double multiplier() default 2.0;

  /** Upper bound of any one delay, in milliseconds; at least {@link #initialDelayMillis()}. */
  long maxDelayMillis() default 1000;

  /** Fraction of each delay that is randomized, in {@code [0, 1]}. */
  double jitter() default 0.5;
}
