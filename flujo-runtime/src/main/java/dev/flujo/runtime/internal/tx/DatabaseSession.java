package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.QuerySet;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.Codec;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@link Session} of one {@link StateDatabase}: its tables, clock and transactions. A closed
 * database is refused by its {@link Transactions}, which let work already in flight finish
 * within the close time-out.
 */
public final class DatabaseSession implements Session {
  private final StateDatabase db;
  private final Transactions transactions;
  private final Dialect dialect;
  private final Codec codec;
  private final Consumer<QuerySet> verifier;
  private final Set<QuerySet> verified = ConcurrentHashMap.newKeySet();
  private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
  private final Clock clock;

  /**
   * A session over {@code transactions} for {@code db} on {@code dialect}, opened with {@code
   * tables}; {@code verifier} checks a query set against the database (null: nothing to check).
   */
  public DatabaseSession(
      StateDatabase db,
      Transactions transactions,
      List<TableDefinition> tables,
      Clock clock,
      Dialect dialect,
      Consumer<QuerySet> verifier) {
    this.db = db;
    this.transactions = transactions;
    this.dialect = dialect;
    this.codec = Codec.of(dialect);
    this.verifier = verifier;
    for (TableDefinition t : tables) {
      this.tables.put(t.name().toLowerCase(Locale.ROOT), t);
    }
    this.clock = clock;
  }

  @Override
  public <T> T execute(SqlStatement statement, StatementCallback<T> callback) {
    return transactions.execute(statement, callback);
  }

  @Override
  public <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    return transactions.stream(statement, binder, mapper);
  }

  @Override
  public <T> T inTransaction(RetryPolicy policy, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return transactions.inTransaction(policy, true, body);
  }

  @Override
  public void requireTable(TableDefinition table) {
    TableDefinition known = tables.get(table.name().toLowerCase(Locale.ROOT));
    if (known == null) {
      throw new IllegalStateException(
          "table "
              + table.name()
              + " is not part of this database; add its TABLE to StateDatabase.builder().tables(...)");
    }
    if (!known.fingerprint().equals(table.fingerprint())) {
      throw new IllegalStateException(
          "table "
              + table.name()
              + " was opened with a different definition (fingerprint "
              + known.fingerprint()
              + ", DAO expects "
              + table.fingerprint()
              + ")");
    }
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Codec codec() {
    return codec;
  }

  @Override
  public void verify(QuerySet queries) {
    Objects.requireNonNull(queries, "queries");
    if (verifier != null && !verified.contains(queries)) {
      verifier.accept(queries);
      verified.add(queries);
    }
  }

  @Override
  public StateDatabase database() {
    return db;
  }
}
