package dev.flujo.processor.validation;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules every table, column and index name follows. */
public final class SqlIdentifiers {
  /** Longest identifier accepted, in characters. */
  public static final int MAX_LENGTH = 64;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Every keyword of SQLite's documentation (https://sqlite.org/lang_keywords.html), 147 words.
   */
  public static final Set<String> KEYWORDS =
      Set.of(
          "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS",
          "ASC", "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE",
          "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE",
          "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE",
          "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO",
          "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS",
          "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
          "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN",
          "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS",
          "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED",
          "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON",
          "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING",
          "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX",
          "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW",
          "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES",
          "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING",
          "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT");

  private SqlIdentifiers() {}

  /** Whether a name is an SQLite keyword, ignoring case. */
  public static boolean isKeyword(String name) {
    return KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
  }

  /** Whether a name has the shape {@code [A-Za-z_][A-Za-z0-9_]*}. */
  public static boolean isWellFormed(String name) {
    return IDENTIFIER.matcher(name).matches();
  }

  /** Whether a name starts with SQLite's reserved {@code sqlite_} prefix, ignoring case. */
  public static boolean isReservedPrefix(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("sqlite_");
  }

  /** The identifier in double quotes, as every generated statement writes it. */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
