package dev.flujo.tests;

/** Workflow status stored as TEXT with a CHECK of these names. */
public enum Status {
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED
}
