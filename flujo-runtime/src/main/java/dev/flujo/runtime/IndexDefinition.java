package dev.flujo.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A secondary index of a {@link TableDefinition}.
 *
 * @param name the index name, unquoted
 * @param columns the indexed column names, in order
 * @param unique whether the index is {@code UNIQUE}
 * @param createSql the {@code CREATE INDEX IF NOT EXISTS} statement
 */
public record IndexDefinition(String name, List<String> columns, boolean unique, String createSql) {

  /** Validates the definition and copies the column list. */
  public IndexDefinition {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(createSql, "createSql");
  }

  /** A non-unique index over {@code columns}, created by {@code createSql}. */
  public static IndexDefinition of(String name, String createSql, String... columns) {
    return new IndexDefinition(name, List.of(columns), false, createSql);
  }

  /** A {@code UNIQUE} index over {@code columns}, created by {@code createSql}. */
  public static IndexDefinition unique(String name, String createSql, String... columns) {
    return new IndexDefinition(name, List.of(columns), true, createSql);
  }
}
