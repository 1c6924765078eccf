package dev.flujo.tests.tx;

import dev.flujo.annotations.DbRetry;
import java.io.IOException;
import java.util.List;

/** A service with retried and plain methods; the processor writes {@code RetryingLedger}. */
public interface Ledger {
  /** Opens an account; not retried by the wrapper. */
  void open(String account);

  /** Adds to an account's balance; retried as a whole. */
  @DbRetry(maxAttempts = 50, initialDelayMillis = 5, multiplier = 1.5, maxDelayMillis = 40)
  void credit(String account, long amount);

  /** The balance, or -1; not retried. */
  long balance(String account);

  /** Moves everything; retried, and its checked exception passes through. */
  @DbRetry(maxAttempts = 2, initialDelayMillis = 0, maxDelayMillis = 0, jitter = 0.0)
  int transferAll(String from, String to) throws IOException;

  /** A plain default method. */
  default boolean exists(String account) {
    return balance(account) >= 0;
  }

  /** A retried default method. */
  @DbRetry(maxAttempts = 3, initialDelayMillis = 0, maxDelayMillis = 0, jitter = 0.0)
  default long doubled(String account) {
    return 2 * balance(account);
  }

  /** A generic method. */
  <T extends Comparable<? super T>> T largest(List<T> values);

  /** Varargs, primitive and array types. */
  char[] initials(boolean upper, String... names);
}
