package dev.flujo.examples.store;

/**
 * A run id and the raw text of one of its JSON columns, read without the converter; used to name
 * the run whose stored JSON is malformed.
 *
 * @param runId the run's id
 * @param json the column's text, or null
 */
public record RawJson(String runId, String json) {}
