package dev.flujo.processor.validation;

import dev.flujo.processor.sql.SqlIdentifiers;

/** The message for a table, column or index name that breaks one of {@link SqlIdentifiers}' rules. */
public final class NameRules {
  private NameRules() {}

  /**
   * The message for a name that breaks a rule, or null if it is fine.
   *
   * @param what "table", "column" or "index"
   * @param name the name
   * @param rename how to rename it ({@code Errors.RENAME_*}), for the keyword message
   */
  public static String problem(String what, String name, String rename) {
    if (name.isEmpty()) {
      return String.format(Errors.NAME_EMPTY, what);
    }
    if (!SqlIdentifiers.isWellFormed(name)) {
      return String.format(Errors.NAME_MALFORMED, what, name);
    }
    if (name.length() > SqlIdentifiers.MAX_LENGTH) {
      return String.format(Errors.NAME_TOO_LONG, what, name, name.length(), SqlIdentifiers.MAX_LENGTH);
    }
    if (SqlIdentifiers.isReservedPrefix(name)) {
      return String.format(Errors.NAME_SQLITE_PREFIX, what, name);
    }
    if (SqlIdentifiers.isKeyword(name)) {
      return String.format(Errors.NAME_KEYWORD, what, name, rename);
    }
    if (SqlIdentifiers.isPostgresReserved(name)) {
      return String.format(Errors.NAME_POSTGRES_KEYWORD, what, name, rename);
    }
    return null;
  }
}
