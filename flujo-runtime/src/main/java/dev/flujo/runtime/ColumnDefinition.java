package dev.flujo.runtime;

import java.util.Objects;

/**
 * One column of a {@link TableDefinition}, as the processor declared it.
 *
 * @param name the column name, unquoted
 * @param type the SQLite type: {@code INTEGER}, {@code REAL}, {@code TEXT} or {@code BLOB}
 * @param notNull whether the column is {@code NOT NULL}
 * @param defaultValue the SQL literal of its {@code DEFAULT} (as SQLite writes it), or null
 * @param primaryKeyPosition 1-based position in the primary key, or 0 if not a key column
 * @param check the column's {@code CHECK} expression, or null
 * @param columnType the logical type, from which each dialect's native type follows
 */
public record ColumnDefinition(
    String name,
    String type,
    boolean notNull,
    String defaultValue,
    int primaryKeyPosition,
    String check,
    ColumnType columnType) {

  /** Validates the definition. */
  public ColumnDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(columnType, "columnType");
    if (primaryKeyPosition < 0) {
      throw new IllegalArgumentException("primaryKeyPosition must not be negative");
    }
  }

  /**
   * A column written by hand with a SQLite storage type; its logical type follows from it (see
   * {@link ColumnType#ofSqliteType}).
   */
  public ColumnDefinition(
      String name,
      String type,
      boolean notNull,
      String defaultValue,
      int primaryKeyPosition,
      String check) {
    this(
        name,
        type,
        notNull,
        defaultValue,
        primaryKeyPosition,
        check,
        ColumnType.ofSqliteType(Objects.requireNonNull(type, "type")));
  }

  /** Key column number {@code position} (1-based) of the primary key; key columns are NOT NULL. */
  public static ColumnDefinition key(String name, ColumnType type, int position) {
    if (position < 1) {
      throw new IllegalArgumentException("a key position starts at 1");
    }
    return new ColumnDefinition(name, type.sqliteType(), true, null, position, null, type);
  }

  /** A {@code NOT NULL} column outside the key. */
  public static ColumnDefinition notNull(String name, ColumnType type) {
    return new ColumnDefinition(name, type.sqliteType(), true, null, 0, null, type);
  }

  /** A nullable column. */
  public static ColumnDefinition nullable(String name, ColumnType type) {
    return new ColumnDefinition(name, type.sqliteType(), false, null, 0, null, type);
  }

  /** Key column of SQLite storage type {@code type}; see {@link #key(String, ColumnType, int)}. */
  public static ColumnDefinition key(String name, String type, int position) {
    return key(name, ColumnType.ofSqliteType(type), position).withSqliteType(type);
  }

  /** A {@code NOT NULL} column of SQLite storage type {@code type}. */
  public static ColumnDefinition notNull(String name, String type) {
    return notNull(name, ColumnType.ofSqliteType(type)).withSqliteType(type);
  }

  /** A nullable column of SQLite storage type {@code type}. */
  public static ColumnDefinition nullable(String name, String type) {
    return nullable(name, ColumnType.ofSqliteType(type)).withSqliteType(type);
  }

  private ColumnDefinition withSqliteType(String sqliteType) {
    return new ColumnDefinition(
        name, sqliteType, notNull, defaultValue, primaryKeyPosition, check, columnType);
  }

  /** This column with a {@code DEFAULT} of the SQL literal {@code literal}. */
  public ColumnDefinition withDefault(String literal) {
    return new ColumnDefinition(
        name, type, notNull, literal, primaryKeyPosition, check, columnType);
  }

  /** This column with the {@code CHECK} expression {@code expression}. */
  public ColumnDefinition withCheck(String expression) {
    return new ColumnDefinition(
        name, type, notNull, defaultValue, primaryKeyPosition, expression, columnType);
  }

  /** Whether the column is part of the primary key. */
  public boolean isPrimaryKey() {
    return primaryKeyPosition > 0;
  }
}
