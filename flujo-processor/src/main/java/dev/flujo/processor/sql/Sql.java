package dev.flujo.processor.sql;

import static dev.flujo.processor.sql.SqlIdentifiers.quote;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.Timestamp;
import dev.flujo.processor.model.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The SQL text of a table's DDL and of every DAO statement, built from its model. */
public final class Sql {
  private Sql() {}

  /** The {@code CHECK} expression of a column, or null. */
  public static String check(ColumnModel column) {
    String name = quote(column.columnName());
    if (column.valueType() == ValueType.BOOLEAN) {
      return name + " IN (0, 1)";
    }
    if (column.valueType() == ValueType.ENUM && !column.enumConstants().isEmpty()) {
      StringJoiner values = new StringJoiner(", ", name + " IN (", ")");
      for (String constant : column.enumConstants()) {
        values.add("'" + constant.replace("'", "''") + "'");
      }
      return values.toString();
    }
    return null;
  }

  /** The column's definition inside {@code CREATE TABLE}. */
  public static String columnDefinition(ColumnModel column) {
    StringBuilder b = new StringBuilder();
    b.append(quote(column.columnName())).append(' ').append(column.sqlType());
    if (column.notNull()) {
      b.append(" NOT NULL");
    }
    if (column.defaultValue() != null) {
      b.append(" DEFAULT ").append(column.defaultValue().trim());
    }
    String check = check(column);
    if (check != null) {
      b.append(" CHECK (").append(check).append(')');
    }
    return b.toString();
  }

  /** {@code CREATE TABLE IF NOT EXISTS ...}, one column per line. */
  public static String createTable(TableModel table) {
    StringBuilder b = new StringBuilder();
    b.append("CREATE TABLE IF NOT EXISTS ").append(quote(table.tableName())).append(" (\n");
    for (ColumnModel column : table.columns()) {
      b.append("  ").append(columnDefinition(column)).append(",\n");
    }
    b.append("  PRIMARY KEY (").append(columnList(table.keyColumns())).append(")\n)");
    List<String> options = new ArrayList<>();
    if (table.withoutRowId()) {
      options.add("WITHOUT ROWID");
    }
    if (table.strict()) {
      options.add("STRICT");
    }
    if (!options.isEmpty()) {
      b.append(' ').append(String.join(", ", options));
    }
    return b.toString();
  }

  /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...}. */
  public static String createIndex(TableModel table, IndexModel index) {
    StringJoiner columns = new StringJoiner(", ", "(", ")");
    for (String column : index.columns()) {
      columns.add(quote(table.column(column).columnName()));
    }
    return "CREATE "
        + (index.unique() ? "UNIQUE " : "")
        + "INDEX IF NOT EXISTS "
        + quote(index.name())
        + " ON "
        + quote(table.tableName())
        + " "
        + columns;
  }

  /** {@code INSERT INTO t (all columns) VALUES (?, ...)}. */
  public static String insert(TableModel table) {
    StringJoiner marks = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < table.columns().size(); i++) {
      marks.add("?");
    }
    return "INSERT INTO "
        + quote(table.tableName())
        + " ("
        + columnList(table.columns())
        + ") VALUES "
        + marks;
  }

  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET c = excluded.c, ...}: every non-key column
   * but the {@code @CreatedAt} one, which keeps its first value. With a {@code @Version} column the
   * DAO binds the entity's version plus one, and the update applies only {@code WHERE t.version =
   * excluded.version - 1}: a stale upsert changes no row.
   */
  public static String upsert(TableModel table) {
    StringJoiner updates = new StringJoiner(", ");
    for (ColumnModel column : table.nonKeyColumns()) {
      if (column.timestamp() != Timestamp.CREATED) {
        String name = quote(column.columnName());
        updates.add(name + " = excluded." + name);
      }
    }
    String action = updates.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + updates;
    ColumnModel version = table.versionColumn();
    if (version != null) {
      String name = quote(version.columnName());
      action += " WHERE " + quote(table.tableName()) + "." + name + " = excluded." + name + " - 1";
    }
    return insert(table)
        + " ON CONFLICT ("
        + columnList(table.keyColumns())
        + ") "
        + action;
  }

  /** The columns {@link #update} sets, in parameter order. */
  public static List<ColumnModel> updatedColumns(TableModel table) {
    List<ColumnModel> columns = new ArrayList<>();
    for (ColumnModel column : table.nonKeyColumns()) {
      if (column.timestamp() != Timestamp.CREATED && !column.isVersion()) {
        columns.add(column);
      }
    }
    return columns;
  }

  /**
   * {@code UPDATE t SET c = ?, ... WHERE k = ?}; a key-only table sets its key to itself. With a
   * {@code @Version} column: {@code SET ..., version = version + 1 WHERE k = ? AND version = ?}.
   */
  public static String update(TableModel table) {
    StringJoiner sets = new StringJoiner(", ");
    List<ColumnModel> updated = updatedColumns(table);
    for (ColumnModel column : updated) {
      sets.add(quote(column.columnName()) + " = ?");
    }
    ColumnModel version = table.versionColumn();
    String condition = keyCondition(table);
    if (version != null) {
      String name = quote(version.columnName());
      sets.add(name + " = " + name + " + 1");
      condition += " AND " + name + " = ?";
    } else if (updated.isEmpty()) {
      String first = quote(table.keyColumns().get(0).columnName());
      sets.add(first + " = " + first);
    }
    return "UPDATE " + quote(table.tableName()) + " SET " + sets + " WHERE " + condition;
  }

  /** {@code SELECT version FROM t WHERE key}: what a stale write reports. */
  public static String versionById(TableModel table) {
    return "SELECT "
        + quote(table.versionColumn().columnName())
        + " FROM "
        + quote(table.tableName())
        + " WHERE "
        + keyCondition(table);
  }

  /** {@code SELECT all columns FROM t WHERE key}. */
  public static String findById(TableModel table) {
    return select(table) + " WHERE " + keyCondition(table);
  }

  /** {@code SELECT EXISTS (SELECT 1 FROM t WHERE key)}. */
  public static String existsById(TableModel table) {
    return "SELECT EXISTS (SELECT 1 FROM "
        + quote(table.tableName())
        + " WHERE "
        + keyCondition(table)
        + ")";
  }

  /** {@code SELECT all columns FROM t ORDER BY key}. */
  public static String findAll(TableModel table) {
    return select(table) + " ORDER BY " + columnList(table.keyColumns());
  }

  /** {@code SELECT count(*) FROM t}. */
  public static String count(TableModel table) {
    return "SELECT count(*) FROM " + quote(table.tableName());
  }

  /** {@code DELETE FROM t WHERE key}. */
  public static String deleteById(TableModel table) {
    return "DELETE FROM " + quote(table.tableName()) + " WHERE " + keyCondition(table);
  }

  /** {@code DELETE FROM t}. */
  public static String deleteAll(TableModel table) {
    return "DELETE FROM " + quote(table.tableName());
  }

  private static String select(TableModel table) {
    return "SELECT " + columnList(table.columns()) + " FROM " + quote(table.tableName());
  }

  private static String keyCondition(TableModel table) {
    StringJoiner condition = new StringJoiner(" AND ");
    for (ColumnModel key : table.keyColumns()) {
      condition.add(quote(key.columnName()) + " = ?");
    }
    return condition.toString();
  }

  private static String columnList(List<ColumnModel> columns) {
    StringJoiner names = new StringJoiner(", ");
    for (ColumnModel column : columns) {
      names.add(quote(column.columnName()));
    }
    return names.toString();
  }
}
