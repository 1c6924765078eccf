package dev.flujo.benchmarks.model;

/** The status of a workflow run, stored as TEXT with a CHECK of these names. */
public enum Status {
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED
}
