package dev.flujo.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @DbRetry} policy as written.
 *
 * @param maxAttempts attempts in all
 * @param initialDelayMillis first delay
 * @param multiplier growth per retry
 * @param maxDelayMillis delay cap
 * @param jitter randomized fraction
 * @param annotation the annotation it came from
 */
public record RetryModel(
    int maxAttempts,
    long initialDelayMillis,
    double multiplier,
    long maxDelayMillis,
    double jitter,
    AnnotationMirror annotation) {}
