package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.annotations.DbRetry;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void rejectsValuesOutsideTheirBounds() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, 10, 2.0, 100, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, -1, 2.0, 100, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 10, 0.5, 100, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> new RetryPolicy(3, 10, Double.NaN, 100, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 10, 2.0, 5, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 10, 2.0, 100, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, 10, 2.0, 100, -0.1));
  }

  @Test
  void delayIsCappedEvenWhenTheExponentialOverflows() {
    RetryPolicy policy = new RetryPolicy(3, 10, 10.0, 1000, 0.0);
    assertThat(policy.delayMillis(1, 0.5)).isEqualTo(10);
    assertThat(policy.delayMillis(2, 0.5)).isEqualTo(100);
    assertThat(policy.delayMillis(400, 0.5)).isEqualTo(1000);
    assertThat(new RetryPolicy(3, 0, 10.0, 0, 1.0).delayMillis(400, 0.5)).isEqualTo(0);
  }

  @Test
  void defaultPolicyMatchesTheDbRetryDefaults() {
    assertThat(RetryPolicy.DEFAULT)
        .isEqualTo(
            new RetryPolicy(
                (Integer) dbRetryDefault("maxAttempts"),
                (Long) dbRetryDefault("initialDelayMillis"),
                (Double) dbRetryDefault("multiplier"),
                (Long) dbRetryDefault("maxDelayMillis"),
                (Double) dbRetryDefault("jitter")));
    assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
  }

  /** A default as {@code @DbRetry} declares it: the one place the defaults are written. */
  private static Object dbRetryDefault(String attribute) {
    try {
      return DbRetry.class.getMethod(attribute).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
