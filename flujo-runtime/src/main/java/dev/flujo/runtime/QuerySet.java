package dev.flujo.runtime;

import dev.flujo.runtime.spi.SqlStatement;
import java.util.List;
import java.util.Objects;

/**
 * The statements of one generated {@code @StateQueries} implementation, as {@code
 * <Interface>Impl.QUERIES}. Pass it to {@link StateDatabase.Builder#queries(QuerySet...)} so that
 * {@code open()} checks every query against a PostgreSQL server before the application runs; an
 * implementation also checks its own set when it is constructed.
 *
 * @param name the qualified name of the query interface, for messages
 * @param statements the statements, one per method (lists expanded to one element)
 */
public record QuerySet(String name, List<SqlStatement> statements) {
  /** Validates and copies. */
  public QuerySet {
    Objects.requireNonNull(name, "name");
    statements = List.copyOf(statements);
  }

  /**
   * The tables the set's statements read or write (lower case): those the processor found in each
   * statement's SQL ({@link SqlStatement#readTables()}), or else the statement's own table.
   */
  public java.util.Set<String> tables() {
    java.util.Set<String> tables = new java.util.LinkedHashSet<>();
    for (SqlStatement s : statements) {
      if (s.readTables() != null) {
        for (String t : s.readTables()) {
          tables.add(t.toLowerCase(java.util.Locale.ROOT));
        }
      } else if (s.table() != null) {
        tables.add(s.table().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return tables;
  }

  /** The set named {@code name}. */
  public static QuerySet of(String name, SqlStatement... statements) {
    return new QuerySet(name, List.of(statements));
  }
}
