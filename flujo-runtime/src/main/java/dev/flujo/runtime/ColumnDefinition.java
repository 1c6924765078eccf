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

  /** Key column number {@code position} (1-based) of the primary key; key columns are NOT NULL. */
  public static ColumnDefinition key(String name, String type, int position) {
    if (position < 1) {
      throw new IllegalArgumentException("a key position starts at 1");
    }
    return new ColumnDefinition(name, type, true, null, position, null);
  }

  /** A {@code NOT NULL} column outside the key. */
  public static ColumnDefinition notNull(String name, String type) {
    return new ColumnDefinition(name, type, true, null, 0, null);
  }

  /** A nullable column. */
  public static ColumnDefinition nullable(String name, String type) {
    return new ColumnDefinition(name, type, false, null, 0, null);
  }

  /** This column with a {@code DEFAULT} of the SQL literal {@code literal}. */
  public ColumnDefinition withDefault(String literal) {
    return new ColumnDefinition(name, type, notNull, literal, primaryKeyPosition, check);
  }

  /** This column with the {@code CHECK} expression {@code expression}. */
  public ColumnDefinition withCheck(String expression) {
    return new ColumnDefinition(name, type, notNull, defaultValue, primaryKeyPosition, expression);
  }

  /** Whether the column is part of the primary key. */
  public boolean isPrimaryKey() {
    return primaryKeyPosition > 0;
  }
}
