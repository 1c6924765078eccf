package dev.flujo.runtime.internal.pool;

import dev.flujo.runtime.DataConversionException;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * A prepared statement that refuses a {@code String} parameter holding an unpaired surrogate.
 * SQLite keeps text as UTF-8, which has no encoding for one, and sqlite-jdbc encodes with {@link
 * String#getBytes}, which silently writes {@code '?'} in its place: {@code "\uD800"} would be
 * stored as {@code "?"} and, as a key, overwrite the row of {@code "?"}.
 */
final class Utf8CheckedStatement extends JDBC4PreparedStatement {
  Utf8CheckedStatement(SQLiteConnection connection, String sql) throws SQLException {
    super(connection, sql);
  }

  /**
   * The index of the first unpaired surrogate in {@code text}, or -1 if it is well-formed UTF-16.
   */
  static int unpairedSurrogate(String text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static void check(int parameter, Object value) {
    if (!(value instanceof String)) {
      return;
    }
    String text = (String) value;
    int at = unpairedSurrogate(text);
    if (at >= 0) {
      throw new DataConversionException(
          String.format(
              "parameter %d is text with an unpaired surrogate (U+%04X at index %d), which UTF-8"
                  + " cannot encode (SQLite would store '?' in its place); fix or drop the broken"
                  + " character before storing the text",
              parameter, (int) text.charAt(at), at),
          null,
          null,
          null);
    }
  }

  @Override
  public void setString(int parameter, String value) throws SQLException {
    check(parameter, value);
    super.setString(parameter, value);
  }

  @Override
  public void setNString(int parameter, String value) throws SQLException {
    check(parameter, value);
    super.setNString(parameter, value);
  }

  @Override
  public void setObject(int parameter, Object value) throws SQLException {
    check(parameter, value);
    super.setObject(parameter, value);
  }

  @Override
  public void setObject(int parameter, Object value, int sqlType) throws SQLException {
    check(parameter, value);
    super.setObject(parameter, value, sqlType);
  }

  @Override
  public void setObject(int parameter, Object value, int sqlType, int scale) throws SQLException {
    check(parameter, value);
    super.setObject(parameter, value, sqlType, scale);
  }
}
