package dev.flujo.runtime.spi;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.QuerySet;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What a generated DAO, query implementation or wrapper runs its statements through: one open
 * {@link StateDatabase} seen from generated code. Obtained once, in the generated constructor,
 * with {@link #of(StateDatabase, TableDefinition...)}; thread-safe.
 *
 * <p>Part of the contract between the processor and the runtime (docs/spi.md); application code
 * uses {@link StateDatabase} and the generated classes instead.
 */
public interface Session {
  /**
   * The session of {@code db}, after checking that each of {@code tables} was passed to the
   * builder with the same definition.
   *
   * @throws IllegalStateException if a table is not part of {@code db}, or was opened with a
   *     different definition (the application was built against other generated classes)
   */
  static Session of(StateDatabase db, TableDefinition... tables) {
    Session session = SessionAccess.session(db);
    for (TableDefinition table : tables) {
      session.requireTable(table);
    }
    return session;
  }

  /**
   * Runs one statement: inside the calling thread's transaction if there is one, otherwise on a
   * pooled connection under the statement's retry policy.
   */
  <T> T execute(SqlStatement statement, StatementCallback<T> callback);

  /**
   * A lazy stream over a query's rows, holding a pooled connection until it is closed (or, outside
   * a transaction, read to its end).
   */
  <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper);

  /**
   * Runs {@code body} in a write transaction under {@code policy} (null: the database's default
   * policy); see {@link StateDatabase#inTransaction(RetryPolicy, Supplier)}.
   */
  <T> T inTransaction(RetryPolicy policy, Supplier<T> body);

  /**
   * Runs {@code body} in the calling thread's transaction if there is one, else in a write
   * transaction of its own under {@code policy}: what a {@code @Query(lock = ...)} method runs in,
   * so the rows it locks (on SQLite, the write lock) are held until that transaction ends.
   */
  default <T> T locked(RetryPolicy policy, Supplier<T> body) {
    return database().inTransaction() ? body.get() : inTransaction(policy, body);
  }

  /**
   * Checks that {@code table} was passed to the builder with this definition.
   *
   * @throws IllegalStateException if it was not
   */
  void requireTable(TableDefinition table);

  /** The clock {@code @CreatedAt} and {@code @UpdatedAt} are read from. */
  Clock clock();

  /** The dialect the database runs on. */
  Dialect dialect();

  /** How values whose stored form differs between dialects are bound and read here. */
  Codec codec();

  /**
   * Checks the statements of {@code queries} against the database once per database: on
   * PostgreSQL each is prepared on the server and its parameter and result types compared with
   * the declared ones; on SQLite, where the processor verified them at compile time, this does
   * nothing. Generated query implementations call it from their constructor.
   *
   * @throws dev.flujo.runtime.SchemaMismatchException listing every statement that does not fit
   */
  void verify(QuerySet queries);

  /** The database this session belongs to. */
  StateDatabase database();
}
