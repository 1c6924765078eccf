package dev.flujo.processor.sql;

import dev.flujo.processor.sql.Sql;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.sqlite.JDBC;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An in-memory SQLite database holding the generated DDL of every table a compilation knows, on
 * which {@code @Query} statements are prepared to check them. Opened on first use; {@link #close()}
 * when processing is over.
 */
public final class QuerySchema implements AutoCloseable {
  private Connection connection;
  private final Set<String> created = new HashSet<>();

  /**
   * What SQLite says about one statement.
   *
   * @param error SQLite's message if the statement does not compile, else null
   * @param missingTable whether the error is an unknown table
   * @param write whether the statement writes (its program opens a write transaction)
   * @param columns the result columns, in order
   * @param parameters the number of {@code ?} parameters SQLite counted
   * @param tables the tables the statement's program opens (reads or writes), lower case, sorted
   */
  public record Analysis(
      String error,
      boolean missingTable,
      boolean write,
      List<ResultColumn> columns,
      int parameters,
      List<String> tables) {}

  /**
   * One result column.
   *
   * @param label its name or alias
   * @param table the table it is read from, or null for an expression
   * @param declaredType the declared type of that table column, upper-cased, or null for an
   *     expression
   */
  public record ResultColumn(String label, String table, String declaredType) {}

  /** Creates each table (and its indexes) not created yet. */
  public void ensure(Iterable<TableModel> tables) throws SQLException {
    for (TableModel table : tables) {
      String key = table.tableName().toLowerCase(Locale.ROOT);
      if (created.contains(key)) {
        continue;
      }
      try (Statement s = connection().createStatement()) {
        s.execute(Sql.createTable(table));
        for (IndexModel index : table.indexes()) {
          s.execute(Sql.createIndex(table, index));
        }
      }
      created.add(key);
    }
  }

  /** Prepares {@code sql} (with {@code ?} parameters) and reports what SQLite says about it. */
  public Analysis analyze(String sql) throws SQLException {
    Connection c = connection();
    List<ResultColumn> columns = new ArrayList<>();
    int parameters;
    boolean write = false;
    boolean returnsRows = false;
    Set<Integer> roots = new HashSet<>();
    try (PreparedStatement prepared = c.prepareStatement(sql)) {
      parameters = prepared.getParameterMetaData().getParameterCount();
      try (Statement explain = c.createStatement();
          ResultSet program = explain.executeQuery("EXPLAIN " + sql)) {
        while (program.next()) {
          String opcode = program.getString("opcode");
          if ("Transaction".equals(opcode) && program.getInt("p2") != 0) {
            write = true;
          } else if ("OpenWrite".equals(opcode)) {
            write = true;
            roots.add(program.getInt("p2"));
          } else if ("OpenRead".equals(opcode)) {
            roots.add(program.getInt("p2"));
          } else if ("ResultRow".equals(opcode)) {
            returnsRows = true;
          }
        }
      }
      if (returnsRows) {
        ResultSetMetaData meta = prepared.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String table = meta.getTableName(i);
          boolean expression = table == null || table.isEmpty();
          columns.add(
              new ResultColumn(
                  meta.getColumnLabel(i),
                  expression ? null : table,
                  expression ? null : meta.getColumnTypeName(i).toUpperCase(Locale.ROOT)));
        }
      }
    } catch (SQLiteException e) {
      String message = message(e);
      return new Analysis(
          message, message.startsWith("no such table"), false, List.of(), 0, List.of());
    }
    return new Analysis(null, false, write, columns, parameters, tablesOf(c, roots));
  }

  /** The tables whose b-trees (the table's own, or one of its indexes) have these root pages. */
  private static List<String> tablesOf(Connection c, Set<Integer> roots) throws SQLException {
    java.util.TreeSet<String> tables = new java.util.TreeSet<>();
    if (roots.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT tbl_name FROM sqlite_schema WHERE rootpage = ?")) {
      for (int root : roots) {
        ps.setInt(1, root);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return List.copyOf(tables);
  }

  /** SQLite's own message, without the driver's prefix naming the result code. */
  static String message(SQLiteException e) {
    String text = e.getMessage();
    SQLiteErrorCode code = e.getResultCode();
    String prefix = "[" + code.name() + "] " + code.message + " (";
    if (text != null && text.startsWith(prefix) && text.endsWith(")")) {
      return text.substring(prefix.length(), text.length() - 1);
    }
    return text;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = JDBC.createConnection(JDBC.PREFIX + ":memory:", new Properties());
    }
    return connection;
  }

  /** Closes the database. Idempotent. */
  @Override
  public void close() throws SQLException {
    Connection c = connection;
    connection = null;
    created.clear();
    if (c != null) {
      c.close();
    }
  }
}
