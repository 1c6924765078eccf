package dev.flujo.annotations;

/**
 * How a {@link Query} locks the rows it selects, for claiming rows among concurrent workers. On
 * PostgreSQL the statement gets the row-locking clause; on SQLite, whose writer is one at a time,
 * the method runs under the write lock ({@code BEGIN IMMEDIATE}). Either way the method runs in
 * the caller's transaction, or in one of its own if none is open. See docs/workers.md.
 */
public enum Lock {
  /** No locking: a plain read. */
  NONE,
  /** {@code FOR UPDATE}: wait for rows another transaction locked. */
  FOR_UPDATE,
  /** {@code FOR UPDATE SKIP LOCKED}: leave out rows another transaction locked. */
  SKIP_LOCKED
}
