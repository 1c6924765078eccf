package dev.flujo.runtime.spi;

import dev.flujo.runtime.RetryPolicy;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SQL statement a generated DAO runs: its text, the table and operation it belongs to (for error
 * messages and logs), whether it writes, and the retry policy of its table. Each instance gets a
 * process-wide slot number under which pooled connections cache the prepared statement, so
 * instances are meant to be {@code static final} constants.
 */
public final class SqlStatement {
  private static final AtomicInteger SLOTS = new AtomicInteger();

  private final int slot;
  private final String table;
  private final String operation;
  private final String sql;
  private final boolean write;
  private final RetryPolicy retryPolicy;

  private SqlStatement(
      String table, String operation, String sql, boolean write, RetryPolicy retryPolicy) {
    this.slot = SLOTS.getAndIncrement();
    this.table = table;
    this.operation = Objects.requireNonNull(operation, "operation");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.write = write;
    this.retryPolicy = retryPolicy;
  }

  /**
   * A statement that only reads.
   *
   * @param table the table, for messages; may be null
   * @param operation the operation name, for messages and logs (e.g. {@code FooDao.findById})
   * @param sql the SQL text
   * @param retryPolicy the policy, or null for the database's default
   */
  public static SqlStatement read(
      String table, String operation, String sql, RetryPolicy retryPolicy) {
    return new SqlStatement(table, operation, sql, false, retryPolicy);
  }

  /**
   * A statement that writes; it runs under the database's write lock.
   *
   * @param table the table, for messages; may be null
   * @param operation the operation name, for messages and logs (e.g. {@code FooDao.upsert})
   * @param sql the SQL text
   * @param retryPolicy the policy, or null for the database's default
   */
  public static SqlStatement write(
      String table, String operation, String sql, RetryPolicy retryPolicy) {
    return new SqlStatement(table, operation, sql, true, retryPolicy);
  }

  /** The statement-cache slot of this statement. */
  public int slot() {
    return slot;
  }

  /** The table, or null. */
  public String table() {
    return table;
  }

  /** The operation name. */
  public String operation() {
    return operation;
  }

  /** The SQL text. */
  public String sql() {
    return sql;
  }

  /** Whether the statement writes. */
  public boolean isWrite() {
    return write;
  }

  /** The retry policy, or null for the database's default. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public String toString() {
    return operation + ": " + sql;
  }
}
