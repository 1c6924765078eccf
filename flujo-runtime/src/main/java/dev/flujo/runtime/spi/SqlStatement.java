package dev.flujo.runtime.spi;

import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.RetryPolicy;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SQL statement a generated DAO runs: its text, the table and operation it belongs to (for error
 * messages and logs), whether it writes, and the retry policy of its table. Each instance gets a
 * process-wide slot number under which pooled connections cache the prepared statement, so
 * instances are meant to be {@code static final} constants. Statements built per call (see {@link
 * SqlTemplate}) may instead be uncached: they take no slot and are prepared and closed on each use.
 *
 * <p>A query may name the result columns its generated reader expects by position; the connection
 * checks them once, when it prepares the statement, so a {@code SELECT *} over a table whose
 * columns are ordered differently in the file fails loudly instead of reading the wrong columns.
 */
public final class SqlStatement {
  private static final AtomicInteger SLOTS = new AtomicInteger();
  private static final int UNCACHED = -1;

  private final int slot;
  private final String table;
  private final String operation;
  private final String sql;
  private final boolean write;
  private final RetryPolicy retryPolicy;
  private final List<String> resultColumns;
  private final String postgresSql;
  private final List<ColumnType> parameterTypes;
  private final List<ColumnType> resultTypes;
  private final List<String> reads;

  private SqlStatement(
      String table, String operation, String sql, boolean write, RetryPolicy retryPolicy) {
    this(table, operation, sql, write, retryPolicy, List.of(), true);
  }

  SqlStatement(
      String table,
      String operation,
      String sql,
      boolean write,
      RetryPolicy retryPolicy,
      List<String> resultColumns,
      boolean cached) {
    this.slot = cached ? SLOTS.getAndIncrement() : UNCACHED;
    this.table = table;
    this.operation = Objects.requireNonNull(operation, "operation");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.write = write;
    this.retryPolicy = retryPolicy;
    this.resultColumns = List.copyOf(resultColumns);
    this.postgresSql = null;
    this.parameterTypes = null;
    this.resultTypes = null;
    this.reads = null;
  }

  private SqlStatement(
      SqlStatement base,
      String postgresSql,
      List<ColumnType> parameterTypes,
      List<ColumnType> resultTypes) {
    this(base, postgresSql, parameterTypes, resultTypes, base.reads);
  }

  private SqlStatement(
      SqlStatement base,
      String postgresSql,
      List<ColumnType> parameterTypes,
      List<ColumnType> resultTypes,
      List<String> reads) {
    this.slot = base.slot;
    this.table = base.table;
    this.operation = base.operation;
    this.sql = base.sql;
    this.write = base.write;
    this.retryPolicy = base.retryPolicy;
    this.resultColumns = base.resultColumns;
    this.postgresSql = postgresSql;
    this.parameterTypes = parameterTypes == null ? null : List.copyOf(parameterTypes);
    this.resultTypes =
        resultTypes == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(resultTypes));
    this.reads = reads;
  }

  /**
   * This statement declaring every table it reads or writes, where that is more than {@link
   * #table()} (a join, a sub-query): change notifications of an observed query cover them all.
   */
  public SqlStatement reads(String... tables) {
    return new SqlStatement(this, postgresSql, parameterTypes, resultTypes, List.of(tables));
  }

  /** The tables declared with {@link #reads}, or null if none were. */
  public List<String> readTables() {
    return reads;
  }

  /**
   * This statement with its own text for PostgreSQL, where the dialects differ (a {@code @Query}
   * with a {@code postgres} form); without it, PostgreSQL runs {@link #sql()}. Keeps this
   * statement's cache slot: call it on the constant being built, not on a shared one.
   */
  public SqlStatement postgres(String postgresSql) {
    return new SqlStatement(
        this, Objects.requireNonNull(postgresSql, "postgresSql"), parameterTypes, resultTypes);
  }

  /**
   * This statement declaring the logical types generated code binds, in parameter order; a
   * server checks them when the statement's queries are verified at open.
   */
  public SqlStatement parameters(ColumnType... types) {
    return new SqlStatement(this, postgresSql, List.of(types), resultTypes);
  }

  /**
   * This statement declaring the logical types generated code reads, by result position; null
   * elements are not checked.
   */
  public SqlStatement results(ColumnType... types) {
    return new SqlStatement(this, postgresSql, parameterTypes, java.util.Arrays.asList(types));
  }

  /** The text run on {@code dialect}. */
  public String sql(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL && postgresSql != null ? postgresSql : sql;
  }

  /** The declared parameter types, or null if none were declared. */
  public List<ColumnType> parameterTypes() {
    return parameterTypes;
  }

  /** The declared result types, or null if none were declared. */
  public List<ColumnType> resultTypes() {
    return resultTypes;
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
   * A query whose rows generated code reads by position: {@code resultColumns} are the labels it
   * expects, in order, checked (case-insensitively) when a connection prepares the statement.
   * Columns after the last expected one are allowed.
   *
   * @param table the table, for messages; may be null
   * @param operation the operation name, for messages and logs
   * @param sql the SQL text
   * @param retryPolicy the policy, or null for the database's default
   * @param resultColumns the expected result column labels, in order
   */
  public static SqlStatement read(
      String table,
      String operation,
      String sql,
      RetryPolicy retryPolicy,
      List<String> resultColumns) {
    return new SqlStatement(table, operation, sql, false, retryPolicy, resultColumns, true);
  }

  /** A statement that only reads, under the database's default retry policy. */
  public static SqlStatement read(String table, String operation, String sql) {
    return new SqlStatement(table, operation, sql, false, null);
  }

  /**
   * A query read by position (see {@link #read(String, String, String, RetryPolicy, List)}) under
   * the database's default retry policy.
   */
  public static SqlStatement query(
      String table, String operation, String sql, List<String> resultColumns) {
    return new SqlStatement(table, operation, sql, false, null, resultColumns, true);
  }

  /** A statement that writes, under the database's default retry policy. */
  public static SqlStatement write(String table, String operation, String sql) {
    return new SqlStatement(table, operation, sql, true, null);
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

  /** The statement-cache slot of this statement; negative if it is {@linkplain #isCached uncached}. */
  public int slot() {
    return slot;
  }

  /** Whether connections keep this statement prepared between uses. */
  public boolean isCached() {
    return slot != UNCACHED;
  }

  /** The result column labels generated code expects, in order; empty if it reads none by position. */
  public List<String> resultColumns() {
    return resultColumns;
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
