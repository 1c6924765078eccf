package dev.flujo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flujo info}: what is in a state file. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Describes a state file, or a PostgreSQL database given by its JDBC URL.",
      "Size, WAL size, SQLite and file format versions, Flujo's schema metadata and table",
      "fingerprints, tables with row counts, and indexes."
    })
final class InfoCommand implements Callable<Integer> {
  private static final String METADATA = "flujo$schema";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DATABASE",
      description = "the state file, or a PostgreSQL JDBC URL (jdbc:postgresql://host/db)")
  String database;

  @Mixin Target.Credentials credentials = new Target.Credentials();

  @Option(names = "--json", description = "print the description as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Target target = Target.of(database, credentials);
    if (target.isServer()) {
      return server(target);
    }
    Path path = target.file();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("file", path.toString());
    info.put("bytes", Files.size(path));
    Path wal = path.resolveSibling(path.getFileName() + "-wal");
    info.put("walBytes", Files.exists(wal) ? Files.size(wal) : 0L);
    byte[] header = header(path);
    try (Connection c = ReadOnlyFile.open(path);
        Statement s = c.createStatement()) {
      info.put("sqliteVersion", scalar(s, "SELECT sqlite_version()"));
      info.put("journal", header[18] == 2 ? "wal" : "rollback");
      info.put("pageSize", scalar(s, "PRAGMA page_size"));
      info.put("pages", scalar(s, "PRAGMA page_count"));
      info.put("freePages", scalar(s, "PRAGMA freelist_count"));
      info.put("schemaFormat", scalar(s, "PRAGMA schema_version") == null ? null : header[47]);
      info.put("encoding", scalar(s, "PRAGMA encoding"));
      info.put("userVersion", scalar(s, "PRAGMA user_version"));
      info.put("flujo", flujoMetadata(s));
      info.put("tables", tables(s));
      info.put("indexes", indexes(s));
    } catch (SQLException e) {
      throw new CliException(path + " cannot be read as a database: " + e.getMessage(), 1, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(info));
    } else {
      print(out, info);
    }
    return 0;
  }

  private static byte[] header(Path path) throws IOException {
    byte[] header = new byte[100];
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(header, 0, header.length);
      if (n < header.length
          || !new String(header, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)
              .equals("SQLite format 3")) {
        throw new CliException(path + " is not a SQLite database (no SQLite header)", 1);
      }
    }
    return header;
  }

  private static Object scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private static Map<String, Object> flujoMetadata(Statement s) throws SQLException {
    if (scalar(s, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '" + METADATA + "'")
        == null) {
      Map<String, Object> flujo = new LinkedHashMap<>();
      flujo.put("present", false);
      return flujo;
    }
    return storedMetadata(s);
  }

  private static Map<String, Object> storedMetadata(Statement s) throws SQLException {
    Map<String, Object> flujo = new LinkedHashMap<>();
    flujo.put("present", true);
    Map<String, Object> fingerprints = new LinkedHashMap<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT kind, name, value FROM \"" + METADATA + "\" ORDER BY kind, name")) {
      while (rs.next()) {
        String kind = rs.getString(1);
        if ("format".equals(kind)) {
          flujo.put("format", rs.getString(3));
        } else if ("table".equals(kind)) {
          fingerprints.put(rs.getString(2), rs.getString(3));
        }
      }
    }
    flujo.put("fingerprints", fingerprints);
    return flujo;
  }

  private static List<Map<String, Object>> tables(Statement s) throws SQLException {
    List<Map<String, Object>> tables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
                + " ESCAPE '\\' ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    for (String name : names) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", name);
      t.put("rows", scalar(s, "SELECT count(*) FROM \"" + name.replace("\"", "\"\"") + "\""));
      try (ResultSet rs =
          s.executeQuery(
              "SELECT ncol, wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = '"
                  + name.replace("'", "''")
                  + "'")) {
        if (rs.next()) {
          t.put("columns", rs.getInt(1));
          t.put("withoutRowId", rs.getInt(2) != 0);
          t.put("strict", rs.getInt(3) != 0);
        }
      }
      tables.add(t);
    }
    return tables;
  }

  private static List<Map<String, Object>> indexes(Statement s) throws SQLException {
    List<Map<String, Object>> indexes = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT m.name, m.tbl_name, il.\"unique\", il.origin,"
                + " (SELECT group_concat(ii.name, ', ') FROM pragma_index_info(m.name) ii)"
                + " FROM sqlite_schema m JOIN pragma_index_list(m.tbl_name) il"
                + " ON il.name = m.name WHERE m.type = 'index' ORDER BY m.tbl_name, m.name")) {
      while (rs.next()) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("name", rs.getString(1));
        i.put("table", rs.getString(2));
        i.put("unique", rs.getInt(3) != 0);
        i.put("origin", rs.getString(4));
        i.put("columns", rs.getString(5));
        indexes.add(i);
      }
    }
    return indexes;
  }

  @SuppressWarnings("unchecked")
  private static void print(PrintWriter out, Map<String, Object> info) {
    out.println("file:            " + info.get("file"));
    out.println("size:            " + info.get("bytes") + " bytes");
    out.println("WAL:             " + info.get("walBytes") + " bytes");
    out.println("SQLite:          " + info.get("sqliteVersion"));
    out.println(
        "format:          journal "
            + info.get("journal")
            + ", page size "
            + info.get("pageSize")
            + ", "
            + info.get("pages")
            + " pages ("
            + info.get("freePages")
            + " free), schema format "
            + info.get("schemaFormat")
            + ", "
            + info.get("encoding")
            + ", user_version "
            + info.get("userVersion"));
    printFlujo(out, (Map<String, Object>) info.get("flujo"));
    out.println("tables:");
    for (Map<String, Object> t : (List<Map<String, Object>>) info.get("tables")) {
      out.println(
          "  "
              + t.get("name")
              + ": "
              + t.get("rows")
              + " rows, "
              + t.get("columns")
              + " columns"
              + (Boolean.TRUE.equals(t.get("withoutRowId")) ? ", WITHOUT ROWID" : "")
              + (Boolean.TRUE.equals(t.get("strict")) ? ", STRICT" : ""));
    }
    out.println("indexes:");
    for (Map<String, Object> i : (List<Map<String, Object>>) info.get("indexes")) {
      out.println(
          "  "
              + i.get("name")
              + " on "
              + i.get("table")
              + " ("
              + i.get("columns")
              + ")"
              + (Boolean.TRUE.equals(i.get("unique")) ? " UNIQUE" : "")
              + ("pk".equals(i.get("origin")) ? " [primary key]" : "")
              + ("u".equals(i.get("origin")) ? " [UNIQUE constraint]" : ""));
    }
  }

  private int server(Target target) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("database", target.describe());
    try (Connection c = target.openReadOnly();
        Statement s = c.createStatement()) {
      info.put("server", scalar(s, "SHOW server_version"));
      info.put("bytes", scalar(s, "SELECT pg_database_size(current_database())"));
      info.put("schema", scalar(s, "SELECT current_schema()"));
      if (Boolean.TRUE.equals(scalar(s, "SELECT to_regclass('\"" + METADATA + "\"') IS NOT NULL"))) {
        info.put("flujo", storedMetadata(s));
      } else {
        Map<String, Object> flujo = new LinkedHashMap<>();
        flujo.put("present", false);
        info.put("flujo", flujo);
      }
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                  + " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      List<Map<String, Object>> tables = new ArrayList<>();
      for (String name : names) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("rows", scalar(s, "SELECT count(*) FROM \"" + name.replace("\"", "\"\"") + "\""));
        t.put(
            "columns",
            scalar(
                s,
                "SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                    + " current_schema() AND table_name = '"
                    + name.replace("'", "''")
                    + "'"));
        tables.add(t);
      }
      info.put("tables", tables);
      List<Map<String, Object>> indexes = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname ="
                  + " current_schema() ORDER BY tablename, indexname")) {
        while (rs.next()) {
          Map<String, Object> i = new LinkedHashMap<>();
          i.put("name", rs.getString(1));
          i.put("table", rs.getString(2));
          i.put("definition", rs.getString(3));
          indexes.add(i);
        }
      }
      info.put("indexes", indexes);
      c.rollback();
    } catch (SQLException e) {
      throw new CliException(target.describe() + " cannot be read: " + e.getMessage(), 1, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(info));
    } else {
      printServer(out, info);
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static void printServer(PrintWriter out, Map<String, Object> info) {
    out.println("database:        " + info.get("database"));
    out.println("PostgreSQL:      " + info.get("server"));
    out.println("size:            " + info.get("bytes") + " bytes");
    out.println("schema:          " + info.get("schema"));
    printFlujo(out, (Map<String, Object>) info.get("flujo"));
    out.println("tables:");
    for (Map<String, Object> t : (List<Map<String, Object>>) info.get("tables")) {
      out.println(
          "  " + t.get("name") + ": " + t.get("rows") + " rows, " + t.get("columns") + " columns");
    }
    out.println("indexes:");
    for (Map<String, Object> i : (List<Map<String, Object>>) info.get("indexes")) {
      out.println("  " + i.get("name") + " on " + i.get("table") + ": " + i.get("definition"));
    }
  }

  @SuppressWarnings("unchecked")
  private static void printFlujo(PrintWriter out, Map<String, Object> flujo) {
    if (Boolean.TRUE.equals(flujo.get("present"))) {
      out.println("Flujo format:    " + flujo.get("format"));
      Map<String, Object> fingerprints = (Map<String, Object>) flujo.get("fingerprints");
      for (Map.Entry<String, Object> e : fingerprints.entrySet()) {
        out.println("  fingerprint:   " + e.getKey() + " " + e.getValue());
      }
    } else {
      out.println("Flujo format:    none (no " + METADATA + " table: not opened by Flujo)");
    }
  }
}
