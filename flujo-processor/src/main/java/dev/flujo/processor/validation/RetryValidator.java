package dev.flujo.processor.validation;

import dev.flujo.processor.model.RetryModel;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** Checks the values of one {@code @DbRetry}, wherever it is written. */
public final class RetryValidator {
  private RetryValidator() {}

  /** Reports every out-of-range value of {@code retry}, which annotates {@code element}. */
  public static void validate(RetryModel retry, Element element, ValidationReport report) {
    AnnotationMirror m = retry.annotation();
    if (retry.maxAttempts() < 1) {
      report.error(
          String.format(Errors.RETRY_MAX_ATTEMPTS, retry.maxAttempts()),
          element,
          m,
          value(m, "maxAttempts"));
    }
    boolean delaysValid = true;
    if (retry.initialDelayMillis() < 0) {
      delaysValid = false;
      report.error(
          String.format(
              Errors.RETRY_NEGATIVE_DELAY, "initialDelayMillis", retry.initialDelayMillis()),
          element,
          m,
          value(m, "initialDelayMillis"));
    }
    if (retry.maxDelayMillis() < 0) {
      delaysValid = false;
      report.error(
          String.format(Errors.RETRY_NEGATIVE_DELAY, "maxDelayMillis", retry.maxDelayMillis()),
          element,
          m,
          value(m, "maxDelayMillis"));
    }
    if (delaysValid && retry.maxDelayMillis() < retry.initialDelayMillis()) {
      AnnotationValue max = value(m, "maxDelayMillis");
      report.error(
          String.format(
              Errors.RETRY_MAX_BELOW_INITIAL, retry.maxDelayMillis(), retry.initialDelayMillis()),
          element,
          m,
          max != null ? max : value(m, "initialDelayMillis"));
    }
    if (!(retry.multiplier() >= 1.0) || Double.isInfinite(retry.multiplier())) {
      report.error(
          String.format(Errors.RETRY_MULTIPLIER, retry.multiplier()),
          element,
          m,
          value(m, "multiplier"));
    }
    if (!(retry.jitter() >= 0.0 && retry.jitter() <= 1.0)) {
      report.error(
          String.format(Errors.RETRY_JITTER, retry.jitter()), element, m, value(m, "jitter"));
    }
  }

  private static AnnotationValue value(AnnotationMirror mirror, String member) {
    return dev.flujo.processor.model.Annotations.explicitValue(mirror, member);
  }
}
