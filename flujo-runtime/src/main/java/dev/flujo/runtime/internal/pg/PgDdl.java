package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Values;
import java.time.Instant;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * PostgreSQL DDL from a {@link TableDefinition}: native types for each {@link ColumnType}, the same
 * quoted names, keys, {@code NOT NULL}, defaults and enum {@code CHECK}s as on SQLite. SQLite's
 * {@code WITHOUT ROWID} and {@code STRICT} have no PostgreSQL meaning (every table is clustered by
 * nothing and typed strictly) and are left out.
 */
public final class PgDdl {
  private PgDdl() {}

  /** {@code "name"} with inner quotes doubled. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The {@code CREATE TABLE IF NOT EXISTS} statement of {@code table}. */
  public static String createTable(TableDefinition table) {
    return createTable(table, table.name());
  }

  /** The {@code CREATE TABLE IF NOT EXISTS} statement of {@code table}, named {@code name}. */
  public static String createTable(TableDefinition table, String name) {
    StringBuilder b = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
    b.append(quote(name)).append(" (\n");
    for (ColumnDefinition c : table.columns()) {
      b.append("  ").append(columnDefinition(c)).append(",\n");
    }
    StringJoiner key = new StringJoiner(", ", "  PRIMARY KEY (", ")\n");
    for (ColumnDefinition c : table.primaryKey()) {
      key.add(quote(c.name()));
    }
    b.append(key).append(")");
    return b.toString();
  }

  /** One column's definition, as in {@code CREATE TABLE} and {@code ADD COLUMN}. */
  public static String columnDefinition(ColumnDefinition c) {
    StringBuilder b = new StringBuilder(quote(c.name()));
    b.append(' ').append(c.columnType().postgresType());
    if (c.notNull()) {
      b.append(" NOT NULL");
    }
    String defaultValue = defaultValue(c);
    if (defaultValue != null) {
      b.append(" DEFAULT ").append(defaultValue);
    }
    String check = check(c);
    if (check != null) {
      b.append(" CHECK (").append(check).append(')');
    }
    return b.toString();
  }

  /** The column's {@code CHECK}, or null; booleans need none (the type holds only two values). */
  static String check(ColumnDefinition c) {
    if (c.check() == null || c.columnType() == ColumnType.BOOLEAN) {
      return null;
    }
    return c.check();
  }

  /**
   * The column's default as a PostgreSQL literal, or null: booleans {@code 0}/{@code 1} become
   * {@code false}/{@code true}, epoch-microsecond instants a {@code timestamptz} literal, SQLite
   * blob literals {@code bytea} hex; other literals are the same in both.
   */
  public static String defaultValue(ColumnDefinition c) {
    String literal = c.defaultValue();
    if (literal == null) {
      return null;
    }
    String text = literal.trim();
    if (text.equalsIgnoreCase("NULL")) {
      return "NULL";
    }
    switch (c.columnType()) {
      case BOOLEAN:
        return text.equals("1") || text.equalsIgnoreCase("TRUE") ? "true" : "false";
      case TIMESTAMP:
        {
          Instant instant = Values.fromEpochMicros(integer(text));
          return "'" + instant + "'";
        }
      case BLOB:
        if (text.length() >= 3 && (text.charAt(0) == 'x' || text.charAt(0) == 'X')) {
          return "'\\x" + text.substring(2, text.length() - 1).toLowerCase(Locale.ROOT) + "'";
        }
        return text;
      default:
        return text;
    }
  }

  private static long integer(String text) {
    String t = text.startsWith("+") ? text.substring(1) : text;
    boolean negative = t.startsWith("-");
    String digits = negative ? t.substring(1) : t;
    long value;
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      value = Long.parseUnsignedLong(digits.substring(2), 16);
    } else {
      value = Long.parseLong(digits);
    }
    return negative ? -value : value;
  }
}
