package dev.flujo.runtime;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain sqlite-jdbc access to database files, outside Flujo, for setting up and checking tests. */
public final class TestFiles {
  private TestFiles() {}

  /** Opens a plain connection (no WAL, no foreign keys, no busy timeout). */
  public static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Runs statements on a fresh connection. */
  public static void execute(Path file, String... sql) throws SQLException {
    try (Connection c = connect(file);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The rows of a query, each as its columns' string values joined by {@code |}. */
  public static List<String> query(Path file, String sql) throws SQLException {
    try (Connection c = connect(file)) {
      return query(c, sql);
    }
  }

  /** The rows of a query on {@code connection}. */
  public static List<String> query(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (i > 1) {
            b.append('|');
          }
          b.append(rs.getString(i));
        }
        rows.add(b.toString());
      }
    }
    return rows;
  }

  /**
   * Everything in the file: every {@code sqlite_schema} row, then every row of every table, in a
   * stable order.
   */
  public static List<String> dump(Path file) throws SQLException {
    List<String> dump = new ArrayList<>();
    try (Connection c = connect(file)) {
      dump.addAll(
          query(c, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"));
      for (String table :
          query(
              c,
              "SELECT name FROM sqlite_schema WHERE type = 'table'"
                  + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        dump.add("-- " + table);
        List<String> rows = query(c, "SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"");
        rows.sort(null);
        dump.addAll(rows);
      }
    }
    return dump;
  }

  /** {@link #dump} without Flujo's metadata table and its rows. */
  public static List<String> dumpWithoutMetadata(Path file) throws SQLException {
    List<String> kept = new ArrayList<>();
    boolean inMetadata = false;
    for (String line : dump(file)) {
      if (line.startsWith("-- ")) {
        inMetadata = line.equals("-- flujo$schema");
      }
      if (!inMetadata && !line.startsWith("table|flujo$schema|")) {
        kept.add(line);
      }
    }
    return kept;
  }

  /** The SQL text of a table or index. */
  public static String sql(Path file, String name) throws SQLException {
    List<String> rows =
        query(file, "SELECT sql FROM sqlite_schema WHERE name = '" + name.replace("'", "''") + "'");
    return rows.isEmpty() ? null : rows.get(0);
  }
}
