package dev.flujo.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flujo query}: one read-only statement, printed as a table, JSON or CSV. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one read-only SQL statement and prints its rows.",
      "Prints an aligned table (default), JSON (an array of objects) or CSV (RFC 4180).",
      "Statements that would write are refused."
    })
final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DATABASE",
      description = "the state file, or a PostgreSQL JDBC URL (jdbc:postgresql://host/db)")
  String database;

  @Mixin Target.Credentials credentials = new Target.Credentials();

  @Parameters(index = "1", paramLabel = "SQL", description = "the statement, e.g. \"SELECT * FROM t\"")
  String sql;

  @ArgGroup(exclusive = true)
  Format format = new Format();

  static final class Format {
    @Option(names = "--json", description = "print a JSON array of objects")
    boolean json;

    @Option(names = "--csv", description = "print CSV with a header line")
    boolean csv;
  }

  @Override
  public Integer call() {
    Target target = Target.of(database, credentials);
    List<String> columns = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = target.openReadOnly();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (!s.execute()) {
        throw new CliException("the statement returned no rows; flujo query runs SELECTs", 1);
      }
      try (ResultSet rs = s.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        while (rs.next()) {
          Object[] row = new Object[columns.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      if ((!target.isServer() && ReadOnlyFile.primaryCode(e) == ReadOnlyFile.READONLY)
          || (target.isServer() && "25006".equals(e.getSQLState()))) {
        throw new CliException(
            "query is read-only: the statement would write to " + target.describe(),
            Flujo.FAILED,
            e);
      }
      throw new CliException(e.getMessage(), Flujo.FAILED, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.json) {
      List<Map<String, Object>> objects = new ArrayList<>();
      for (Object[] row : rows) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
          o.put(columns.get(i), row[i]);
        }
        objects.add(o);
      }
      out.println(Json.write(objects));
    } else if (format.csv) {
      out.print(csvLine(columns.toArray()));
      for (Object[] row : rows) {
        out.print(csvLine(row));
      }
      out.flush();
    } else {
      table(out, columns, rows);
    }
    return 0;
  }

  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[] bytes) {
      return "x'" + HexFormat.of().formatHex(bytes) + "'";
    }
    return value.toString();
  }

  private static void table(PrintWriter out, List<String> columns, List<Object[]> rows) {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = columns.get(i).length();
    }
    List<String[]> cells = new ArrayList<>();
    for (Object[] row : rows) {
      String[] texts = new String[row.length];
      for (int i = 0; i < row.length; i++) {
        texts[i] = text(row[i]).replace("\n", "\\n");
        widths[i] = Math.max(widths[i], texts[i].length());
      }
      cells.add(texts);
    }
    out.println(line(columns.toArray(new String[0]), widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (String[] row : cells) {
      out.println(line(row, widths));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String line(String[] texts, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < texts.length; i++) {
      b.append(i == 0 ? "" : " | ");
      b.append(i == texts.length - 1 ? texts[i] : pad(texts[i], widths[i]));
    }
    return b.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String csvLine(Object[] values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String t = values[i] == null ? "" : values[i] instanceof byte[] ? text(values[i]) : values[i].toString();
      if (t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r")) {
        t = "\"" + t.replace("\"", "\"\"") + "\"";
      }
      b.append(t);
    }
    return b.append("\r\n").toString();
  }
}
