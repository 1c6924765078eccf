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

  /**
   * Starts a definition of table {@code name}: {@code WITHOUT ROWID} and {@code STRICT} unless
   * turned off, no indexes unless added.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link TableDefinition} with named steps, as generated code writes it. */
  public static final class Builder {
    private final String name;
    private final List<ColumnDefinition> columns = new ArrayList<>();
    private final List<IndexDefinition> indexes = new ArrayList<>();
    private boolean withoutRowId = true;
    private boolean strict = true;
    private String createTableSql;
    private String fingerprint;
    private String dao;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds columns, in declaration order. */
    public Builder columns(ColumnDefinition... columns) {
      this.columns.addAll(List.of(columns));
      return this;
    }

    /** Adds secondary indexes. */
    public Builder indexes(IndexDefinition... indexes) {
      this.indexes.addAll(List.of(indexes));
      return this;
    }

    /** Whether the table is {@code WITHOUT ROWID} (default true). */
    public Builder withoutRowId(boolean withoutRowId) {
      this.withoutRowId = withoutRowId;
      return this;
    }

    /** Whether the table is {@code STRICT} (default true). */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** The {@code CREATE TABLE IF NOT EXISTS} statement. */
    public Builder createTableSql(String createTableSql) {
      this.createTableSql = createTableSql;
      return this;
    }

    /** The schema fingerprint. */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    /** The qualified name of the generated DAO declaring the definition, named in messages. */
    public Builder dao(String dao) {
      this.dao = dao;
      return this;
    }

    /**
     * The definition.
     *
     * @throws NullPointerException if the DDL or the fingerprint is missing
     * @throws IllegalArgumentException if there are no columns
     */
    public TableDefinition build() {
      return new TableDefinition(
          name, columns, indexes, withoutRowId, strict, createTableSql, fingerprint, dao);
    }
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
