package dev.flujo.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@link TableDefinition}s in test code the way the processor generates them: the same DDL
 * layout ({@code CREATE TABLE IF NOT EXISTS}, one quoted column per line, table-level primary key)
 * and a fingerprint over the same canonical text.
 */
public final class TestTables {
  private final String name;
  private final List<ColumnDefinition> columns = new ArrayList<>();
  private final List<IndexDefinition> indexes = new ArrayList<>();
  private boolean withoutRowId = true;
  private boolean strict = true;
  private int keys;

  private TestTables(String name) {
    this.name = name;
  }

  /** Starts a WITHOUT ROWID, STRICT table. */
  public static TestTables table(String name) {
    return new TestTables(name);
  }

  /**
   * Version 1 of table {@code job}, where the schema-evolution and rolling-upgrade tests start:
   * key {@code id}, enum {@code status} (NEW, DONE), {@code attempts} NOT NULL, nullable {@code
   * note}, index {@code job_status}.
   */
  public static TestTables jobV1() {
    return table("job")
        .key("id", "TEXT")
        .enumColumn("status", "NEW", "DONE")
        .notNull("attempts", "INTEGER")
        .nullable("note", "TEXT")
        .index("job_status", false, "status");
  }

  /** Adds the next key column (NOT NULL). */
  public TestTables key(String column, String type) {
    columns.add(new ColumnDefinition(column, type, true, null, ++keys, null));
    return this;
  }

  /** Adds a NOT NULL column. */
  public TestTables notNull(String column, String type) {
    columns.add(new ColumnDefinition(column, type, true, null, 0, null));
    return this;
  }

  /** Adds a nullable column. */
  public TestTables nullable(String column, String type) {
    columns.add(new ColumnDefinition(column, type, false, null, 0, null));
    return this;
  }

  /** Adds a column with every attribute. */
  public TestTables column(
      String column, String type, boolean notNull, String defaultValue, String check) {
    columns.add(new ColumnDefinition(column, type, notNull, defaultValue, 0, check));
    return this;
  }

  /** Adds a NOT NULL TEXT column holding one of {@code constants}, as an enum maps. */
  public TestTables enumColumn(String column, String... constants) {
    List<String> quoted = new ArrayList<>();
    for (String c : constants) {
      quoted.add("'" + c + "'");
    }
    String check = quote(column) + " IN (" + String.join(", ", quoted) + ")";
    columns.add(new ColumnDefinition(column, "TEXT", true, null, 0, check));
    return this;
  }

  /** Adds an index. */
  public TestTables index(String index, boolean unique, String... indexColumns) {
    List<String> quoted = new ArrayList<>();
    for (String c : indexColumns) {
      quoted.add(quote(c));
    }
    String sql =
        "CREATE "
            + (unique ? "UNIQUE " : "")
            + "INDEX IF NOT EXISTS "
            + quote(index)
            + " ON "
            + quote(name)
            + " ("
            + String.join(", ", quoted)
            + ")";
    indexes.add(new IndexDefinition(index, List.of(indexColumns), unique, sql));
    return this;
  }

  /** Sets WITHOUT ROWID (default true). */
  public TestTables withoutRowId(boolean value) {
    this.withoutRowId = value;
    return this;
  }

  /** Sets STRICT (default true). */
  public TestTables strict(boolean value) {
    this.strict = value;
    return this;
  }

  /** The definition. */
  public TableDefinition build() {
    StringBuilder ddl = new StringBuilder();
    ddl.append("CREATE TABLE IF NOT EXISTS ").append(quote(name)).append(" (\n");
    List<String> key = new ArrayList<>();
    for (int position = 1; position <= keys; position++) {
      for (ColumnDefinition c : columns) {
        if (c.primaryKeyPosition() == position) {
          key.add(quote(c.name()));
        }
      }
    }
    for (ColumnDefinition c : columns) {
      ddl.append("  ").append(quote(c.name())).append(' ').append(c.type());
      if (c.notNull()) {
        ddl.append(" NOT NULL");
      }
      if (c.defaultValue() != null) {
        ddl.append(" DEFAULT ").append(c.defaultValue());
      }
      if (c.check() != null) {
        ddl.append(" CHECK (").append(c.check()).append(')');
      }
      ddl.append(",\n");
    }
    ddl.append("  PRIMARY KEY (").append(String.join(", ", key)).append(")\n)");
    List<String> options = new ArrayList<>();
    if (withoutRowId) {
      options.add("WITHOUT ROWID");
    }
    if (strict) {
      options.add("STRICT");
    }
    if (!options.isEmpty()) {
      ddl.append(' ').append(String.join(", ", options));
    }
    return new TableDefinition(
        name, columns, indexes, withoutRowId, strict, ddl.toString(), fingerprint());
  }

  private String fingerprint() {
    StringBuilder b = new StringBuilder();
    b.append("table ").append(name.toLowerCase(Locale.ROOT));
    b.append(withoutRowId ? " without_rowid" : " rowid");
    b.append(strict ? " strict" : " flexible").append('\n');
    for (ColumnDefinition c : columns) {
      b.append("column ")
          .append(c.name().toLowerCase(Locale.ROOT))
          .append(' ')
          .append(c.type())
          .append(c.notNull() ? " not_null" : " null")
          .append(" key=")
          .append(c.primaryKeyPosition())
          .append(" default=")
          .append(c.defaultValue() == null ? "-" : c.defaultValue())
          .append(" check=")
          .append(c.check() == null ? "-" : c.check())
          .append('\n');
    }
    List<String> lines = new ArrayList<>();
    for (IndexDefinition i : indexes) {
      lines.add(
          "index "
              + i.name().toLowerCase(Locale.ROOT)
              + (i.unique() ? " unique " : " ")
              + String.join(",", i.columns()).toLowerCase(Locale.ROOT));
    }
    lines.sort(null);
    for (String line : lines) {
      b.append(line).append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
