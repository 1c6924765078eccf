package dev.flujo.tests.queries;

/** A value stored through {@link PayloadConverter} as {@code kind:size} text. */
public record Payload(String kind, int size) {}
