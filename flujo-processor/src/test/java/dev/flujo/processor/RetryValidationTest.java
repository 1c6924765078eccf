package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @DbRetry} bounds on a state table, each reported on the value at fault. */
class RetryValidationTest {
  private static JavaFileObject retried(String retry) {
    return source("Item", "@StateTable", retry, "record Item(@Id String id) {}");
  }

  @Test
  void zeroAttemptsIsAnError() {
    JavaFileObject src = retried("@DbRetry(maxAttempts = 0)");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.RETRY_MAX_ATTEMPTS, 0), src, "@DbRetry", "0");
  }

  @Test
  void negativeInitialDelayIsAnError() {
    JavaFileObject src = retried("@DbRetry(initialDelayMillis = -1)");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.RETRY_NEGATIVE_DELAY, "initialDelayMillis", -1),
        src,
        "@DbRetry",
        "-1");
  }

  @Test
  void negativeMaxDelayIsAnError() {
    JavaFileObject src = retried("@DbRetry(initialDelayMillis = 0, maxDelayMillis = -5)");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.RETRY_NEGATIVE_DELAY, "maxDelayMillis", -5),
        src,
        "@DbRetry",
        "-5");
  }

  @Test
  void multiplierBelowOneIsAnError() {
    JavaFileObject src = retried("@DbRetry(multiplier = 0.5)");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.RETRY_MULTIPLIER, 0.5), src, "@DbRetry", "0.5");
  }

  @Test
  void notANumberMultiplierIsAnError() {
    JavaFileObject src = retried("@DbRetry(multiplier = Double.NaN)");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.RETRY_MULTIPLIER, Double.NaN),
        src,
        "@DbRetry",
        ".NaN");
  }

  @Test
  void jitterAboveOneIsAnError() {
    JavaFileObject src = retried("@DbRetry(jitter = 1.5)");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.RETRY_JITTER, 1.5), src, "@DbRetry", "1.5");
  }

  @Test
  void negativeJitterIsAnError() {
    JavaFileObject src = retried("@DbRetry(jitter = -0.1)");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.RETRY_JITTER, -0.1), src, "@DbRetry", "-0.1");
  }

  @Test
  void maxDelayBelowInitialDelayIsAnErrorOnMaxDelay() {
    JavaFileObject src = retried("@DbRetry(initialDelayMillis = 500, maxDelayMillis = 100)");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.RETRY_MAX_BELOW_INITIAL, 100, 500),
        src,
        "@DbRetry",
        "100");
  }

  @Test
  void initialDelayAboveDefaultMaxDelayIsAnErrorOnInitialDelay() {
    JavaFileObject src = retried("@DbRetry(initialDelayMillis = 5000)");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.RETRY_MAX_BELOW_INITIAL, 1000, 5000),
        src,
        "@DbRetry",
        "5000");
  }
}
