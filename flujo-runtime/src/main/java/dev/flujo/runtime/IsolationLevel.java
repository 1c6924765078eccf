package dev.flujo.runtime;

/**
 * The isolation of write transactions on PostgreSQL. SQLite transactions are always serializable
 * (one writer at a time).
 */
public enum IsolationLevel {
  /**
   * The default, and what SQLite gives: the outcome equals some serial order of the transactions;
   * a conflict fails one of them with SQLSTATE {@code 40001}, which Flujo retries as a whole.
   */
  SERIALIZABLE,
  /**
   * Each statement sees what was committed before it began; fewer retries, but read-modify-write
   * blocks can lose updates unless they lock or version what they read (see docs/postgresql.md).
   */
  READ_COMMITTED
}
