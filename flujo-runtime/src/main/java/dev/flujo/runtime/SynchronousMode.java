package dev.flujo.runtime;

/** SQLite's {@code PRAGMA synchronous} setting for the WAL journal. */
public enum SynchronousMode {
  /**
   * Committed transactions survive a process crash; the last transactions before a power loss or
   * OS crash may roll back. The default, and the usual choice with WAL.
   */
  NORMAL,
  /** Every commit is synced to disk before it returns: durable across power loss, slower. */
  FULL
}
