package dev.flujo.examples.store;

/** The state of one span of a trace. */
public enum SpanStatus {
  /** Not ended yet. */
  RUNNING,
  /** Ended normally. */
  COMPLETED,
  /** Ended with an error. */
  FAILED
}
