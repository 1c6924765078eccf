package dev.flujo.tests.tx;

import dev.flujo.annotations.DbRetry;

/**
 * A sub-interface: its own annotated method makes {@code RetryingAccountRepository}, which also
 * retries the inherited methods under {@link Repository}'s policy.
 */
public interface AccountRepository extends Repository<String, Account> {
  /** The sum of all balances. */
  @DbRetry(maxAttempts = 4, initialDelayMillis = 0, maxDelayMillis = 0, jitter = 0.0)
  long total();

  /** Not annotated here: delegates, since neither this interface nor the method is annotated. */
  int size();
}
