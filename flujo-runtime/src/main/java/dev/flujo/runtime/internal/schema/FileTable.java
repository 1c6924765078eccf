package dev.flujo.runtime.internal.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A table as the database file has it, read from SQLite's catalog: {@code PRAGMA table_list}
 * (WITHOUT ROWID, STRICT), {@code table_xinfo} (columns), {@code index_list}/{@code index_xinfo}
 * (indexes) and the {@code CREATE TABLE} text in {@code sqlite_schema} (CHECK and other clauses the
 * pragmas do not show).
 *
 * @param name the table name as stored
 * @param sql its {@code CREATE TABLE} text
 * @param withoutRowId whether it is {@code WITHOUT ROWID}
 * @param strict whether it is {@code STRICT}
 * @param columns its columns in file order, hidden and generated ones included
 * @param indexes the indexes made by {@code CREATE INDEX} (not those implied by constraints)
 * @param ddl the parsed {@code CREATE TABLE} text, or null if it could not be parsed
 */
public record FileTable(
    String name,
    String sql,
    boolean withoutRowId,
    boolean strict,
    List<FileColumn> columns,
    List<FileIndex> indexes,
    Ddl.TableDdl ddl) {

  /**
   * A column of the file's table.
   *
   * @param name its name
   * @param type its declared type as written
   * @param notNull whether it is {@code NOT NULL}
   * @param defaultValue the text of its default, or null
   * @param primaryKeyPosition 1-based position in the primary key, or 0
   * @param hidden SQLite's hidden flag: 0 for an ordinary column, 2 or 3 for a generated one
   */
  public record FileColumn(
      String name,
      String type,
      boolean notNull,
      String defaultValue,
      int primaryKeyPosition,
      int hidden) {}

  /**
   * An index of the file's table.
   *
   * @param name its name
   * @param unique whether it is unique
   * @param partial whether it has a {@code WHERE} clause
   * @param columns the indexed column names, in order (null for an expression)
   * @param plain whether every key is an ascending column with the default collation
   * @param sql its {@code CREATE INDEX} text
   */
  public record FileIndex(
      String name,
      boolean unique,
      boolean partial,
      List<String> columns,
      boolean plain,
      String sql) {}

  /**
   * Something in {@code sqlite_schema}.
   *
   * @param type {@code table}, {@code index}, {@code view} or {@code trigger}
   * @param name its name
   * @param tableName the table it belongs to
   * @param sql its text, or null for an index implied by a constraint
   */
  public record SchemaObject(String type, String name, String tableName, String sql) {}

  /** The column named {@code columnName} (case-insensitive), or null. */
  public FileColumn column(String columnName) {
    for (FileColumn c : columns) {
      if (c.name().equalsIgnoreCase(columnName)) {
        return c;
      }
    }
    return null;
  }

  /** The index named {@code indexName} (case-insensitive), or null. */
  public FileIndex index(String indexName) {
    for (FileIndex i : indexes) {
      if (i.name().equalsIgnoreCase(indexName)) {
        return i;
      }
    }
    return null;
  }

  /** The names of the primary-key columns in key order. */
  public List<String> primaryKey() {
    List<String> key = new ArrayList<>();
    for (int position = 1; ; position++) {
      String found = null;
      for (FileColumn c : columns) {
        if (c.primaryKeyPosition() == position) {
          found = c.name();
        }
      }
      if (found == null) {
        return key;
      }
      key.add(found);
    }
  }

  /** The object named {@code name} in the main schema (case-insensitive), or null. */
  public static SchemaObject object(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_schema"
                + " WHERE name = ? COLLATE NOCASE")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
      }
    }
  }

  /** The indexes and triggers attached to table {@code name} that have SQL text, by name. */
  public static List<SchemaObject> attached(Connection connection, String name)
      throws SQLException {
    List<SchemaObject> found = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_schema"
                + " WHERE tbl_name = ? COLLATE NOCASE AND type IN ('index', 'trigger')"
                + " AND sql IS NOT NULL ORDER BY type, name")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(
              new SchemaObject(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return found;
  }

  /** Reads table {@code name} from the main schema, or returns null if there is no such table. */
  public static FileTable read(Connection connection, String name) throws SQLException {
    SchemaObject object = object(connection, name);
    if (object == null || !object.type().equals("table")) {
      return null;
    }
    String stored = object.name();
    boolean withoutRowId;
    boolean strict;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?")) {
      ps.setString(1, stored);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        withoutRowId = rs.getInt(1) != 0;
        strict = rs.getInt(2) != 0;
      }
    }
    List<FileColumn> columns = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden"
                + " FROM pragma_table_xinfo(?, 'main') ORDER BY cid")) {
      ps.setString(1, stored);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new FileColumn(
                  rs.getString(1),
                  rs.getString(2) == null ? "" : rs.getString(2),
                  rs.getInt(3) != 0,
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getInt(6)));
        }
      }
    }
    List<FileIndex> indexes = new ArrayList<>();
    List<String[]> listed = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name, \"unique\", partial FROM pragma_index_list(?, 'main')"
                + " WHERE origin = 'c' ORDER BY name")) {
      ps.setString(1, stored);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          listed.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
      }
    }
    for (String[] index : listed) {
      List<String> indexColumns = new ArrayList<>();
      boolean plain = true;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?, 'main')"
                  + " WHERE key = 1 ORDER BY seqno")) {
        ps.setString(1, index[0]);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String column = rs.getString(1);
            indexColumns.add(column);
            String collation = rs.getString(3);
            if (column == null
                || rs.getInt(2) != 0
                || (collation != null && !collation.toUpperCase(Locale.ROOT).equals("BINARY"))) {
              plain = false;
            }
          }
        }
      }
      SchemaObject indexObject = object(connection, index[0]);
      indexes.add(
          new FileIndex(
              index[0],
              "1".equals(index[1]),
              "1".equals(index[2]),
              Collections.unmodifiableList(indexColumns),
              plain,
              indexObject == null ? null : indexObject.sql()));
    }
    Ddl.TableDdl ddl;
    try {
      ddl = object.sql() == null ? null : Ddl.parseCreateTable(object.sql());
    } catch (IllegalArgumentException e) {
      ddl = null;
    }
    return new FileTable(
        stored,
        object.sql(),
        withoutRowId,
        strict,
        List.copyOf(columns),
        List.copyOf(indexes),
        ddl);
  }
}
