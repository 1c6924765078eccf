package dev.flujo.examples.store;

/**
 * The life cycle of a workflow run (and of its {@link Run} record). Stored as the constant name,
 * with a {@code CHECK} listing the constants.
 */
public enum WorkflowStatus {
  /** Started and not finished; a restarted orchestrator resumes these. */
  RUNNING,
  /** Stopped on purpose (waiting for a human, a schedule); resumable. */
  PAUSED,
  /** Finished successfully. */
  COMPLETED,
  /** Finished with an error; see the error message. */
  FAILED,
  /** Stopped for good before finishing. */
  CANCELLED;

  /** Whether the run has ended (completed, failed or cancelled). */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
