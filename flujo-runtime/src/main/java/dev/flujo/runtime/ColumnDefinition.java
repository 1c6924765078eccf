package dev.flujo.runtime;

import java.util.Objects;

/**
 * One column of a {@link TableDefinition}, as the processor declared it.
 *
 * @param name the column name, unquoted
 * @param type the SQLite type: {@code INTEGER}, {@code REAL}, {@code TEXT} or {@code BLOB}
 * @param notNull whether the column is {@code NOT NULL}
 * @param defaultValue the SQL literal of its {@code DEFAULT}, or null
 * @param primaryKeyPosition 1-based position in the primary key, or 0 if not a key column
 * @param check the column's {@code CHECK} expression, or null
 */
public record ColumnDefinition(
    String name,
    String type,
    boolean notNull,
    String defaultValue,
    int primaryKeyPosition,
    String check) {

  /** Validates the definition. */
  public ColumnDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (primaryKeyPosition < 0) {
      throw new IllegalArgumentException("primaryKeyPosition must not be negative");
    }
  }

  /** Whether the column is part of the primary key. */
  public boolean isPrimaryKey() {
    return primaryKeyPosition > 0;
  }
}
