package dev.flujo.tests.tx;

import dev.flujo.annotations.DbRetry;
import java.util.List;
import java.util.Optional;

/**
 * A generic repository retried as a whole (three attempts), one method with its own policy.
 *
 * @param <K> the key
 * @param <V> the value
 */
@DbRetry(maxAttempts = 3, initialDelayMillis = 0, maxDelayMillis = 0, jitter = 0.0)
public interface Repository<K, V extends Record> {
  /** Loads one value. */
  Optional<V> load(K key);

  /** Loads several values, under a larger budget. */
  @DbRetry(maxAttempts = 6, initialDelayMillis = 0, maxDelayMillis = 0, jitter = 0.0)
  List<V> loadAll(List<K> keys);

  /** Saves a value. */
  void save(V value) throws InterruptedException;
}
