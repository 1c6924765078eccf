package dev.flujo.processor.sql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQL identifiers: SQLite's keywords, the shape and length Flujo accepts, and quoting. The messages
 * for a name that breaks a rule are composed in {@code validation.NameRules}.
 */
public final class SqlIdentifiers {
  /**
   * Longest identifier accepted, in characters (which are bytes: names are ASCII). SQLite itself
   * has no such limit; PostgreSQL silently truncates names longer than 63 bytes, so two long names
   * could become one there.
   */
  public static final int MAX_LENGTH = 63;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Every keyword SQLite's tokenizer knows: the 147 words of https://sqlite.org/lang_keywords.html
   * plus {@code WITHIN}, a keyword of builds with {@code SQLITE_ENABLE_ORDERED_SET_FUNCS} (SQLite's
   * {@code tool/mkkeywordhash.c} lists all 148).
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
          "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN",
          "WITHOUT");

  /**
   * The words PostgreSQL 17 reserves that SQLite does not (appendix C of its manual, from {@code
   * src/include/parser/kwlist.h}): its {@code RESERVED_KEYWORD}s and the {@code
   * TYPE_FUNC_NAME_KEYWORD}s, which cannot name a table or column either. Words both reserve are in
   * {@link #KEYWORDS}.
   */
  public static final Set<String> POSTGRES_RESERVED =
      Set.of(
          "ANALYSE", "ANY", "ARRAY", "ASYMMETRIC", "AUTHORIZATION", "BINARY", "BOTH",
          "COLLATION", "CONCURRENTLY", "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_SCHEMA",
          "CURRENT_USER", "FALSE", "FETCH", "FREEZE", "GRANT", "ILIKE", "LATERAL", "LEADING",
          "LOCALTIME", "LOCALTIMESTAMP", "ONLY", "OVERLAPS", "PLACING", "SESSION_USER", "SIMILAR",
          "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLESAMPLE", "TRAILING", "TRUE", "USER",
          "VARIADIC", "VERBOSE");

  private SqlIdentifiers() {}

  /** Whether PostgreSQL reserves a name that SQLite accepts, ignoring case. */
  public static boolean isPostgresReserved(String name) {
    return POSTGRES_RESERVED.contains(name.toUpperCase(Locale.ROOT));
  }

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
