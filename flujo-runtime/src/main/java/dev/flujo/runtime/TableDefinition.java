package dev.flujo.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The schema of one {@code @StateTable}, generated at compile time as {@code <Type>Dao.TABLE}:
 * columns, key, indexes, DDL and a fingerprint of all of them. Pass it to {@link
 * StateDatabase.Builder#tables(TableDefinition...)} so the table is created or migrated at open.
 *
 * @param name the table name, unquoted
 * @param columns the columns in declaration order
 * @param indexes the secondary indexes
 * @param withoutRowId whether the table is {@code WITHOUT ROWID}
 * @param strict whether the table is {@code STRICT}
 * @param createTableSql the {@code CREATE TABLE IF NOT EXISTS} statement
 * @param fingerprint a digest of everything above; equal fingerprints mean equal schemas
 * @param dao the qualified name of the generated DAO whose {@code TABLE} this is, named in
 *     messages that tell the user what to write; null for a definition written by hand
 */
public record TableDefinition(
    String name,
    List<ColumnDefinition> columns,
    List<IndexDefinition> indexes,
    boolean withoutRowId,
    boolean strict,
    String createTableSql,
    String fingerprint,
    String dao) {

  /** Validates the definition and copies its lists. */
  public TableDefinition {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    Objects.requireNonNull(createTableSql, "createTableSql");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " has no columns");
    }
  }

  /** A definition written by hand, not declared by a generated DAO. */
  public TableDefinition(
      String name,
      List<ColumnDefinition> columns,
      List<IndexDefinition> indexes,
      boolean withoutRowId,
      boolean strict,
      String createTableSql,
      String fingerprint) {
    this(name, columns, indexes, withoutRowId, strict, createTableSql, fingerprint, null);
  }

  /** How messages name this definition in code: {@code <dao>.TABLE}, or {@code <Dao>.TABLE}. */
  public String reference() {
    return (dao == null ? "<Dao>" : dao) + ".TABLE";
  }

  /** The primary-key columns in key order. */
  public List<ColumnDefinition> primaryKey() {
    List<ColumnDefinition> key = new ArrayList<>();
    for (ColumnDefinition c : columns) {
      if (c.isPrimaryKey()) {
        key.add(c);
      }
    }
    key.sort(Comparator.comparingInt(ColumnDefinition::primaryKeyPosition));
    return key;
  }

  /** The column with this name (case-insensitive, as SQLite compares), or null. */
  public ColumnDefinition column(String columnName) {
    for (ColumnDefinition c : columns) {
      if (c.name().equalsIgnoreCase(columnName)) {
        return c;
      }
    }
    return null;
  }

  /** The {@code CREATE INDEX IF NOT EXISTS} statements, one per index. */
  public List<String> createIndexSql() {
    List<String> sql = new ArrayList<>(indexes.size());
    for (IndexDefinition index : indexes) {
      sql.add(index.createSql());
    }
    return sql;
  }
}
