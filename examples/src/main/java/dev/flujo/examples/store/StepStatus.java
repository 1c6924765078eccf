package dev.flujo.examples.store;

/** The outcome of one step of a run. */
public enum StepStatus {
  /** Started, no result yet. */
  RUNNING,
  /** Produced its output. */
  COMPLETED,
  /** Raised an error. */
  FAILED,
  /** Not run (a branch not taken). */
  SKIPPED
}
