package dev.flujo.examples;

/** The life cycle of a workflow run. */
public enum WorkflowStatus {
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED
}
