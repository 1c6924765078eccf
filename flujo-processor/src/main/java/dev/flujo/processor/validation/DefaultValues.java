package dev.flujo.processor.validation;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.ValueType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks {@code @Column(defaultValue)} literals: the text must be one SQL literal (never an
 * expression or a second statement) whose value the column's type can hold.
 */
final class DefaultValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9A-Fa-f]+");
  private static final Pattern REAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern STRING = Pattern.compile("'([^']|'')*'");
  private static final Pattern BLOB = Pattern.compile("[xX]'([0-9A-Fa-f]{2})*'");

  private DefaultValues() {}

  /** Returns why {@code literal} is not a valid default of {@code column}, or null if it is. */
  static String problem(ColumnModel column, String literal) {
    String text = literal.trim();
    if (text.equalsIgnoreCase("NULL")) {
      return column.notNull() ? "NULL cannot be the default of a NOT NULL column" : null;
    }
    ValueType type = column.valueType();
    switch (type) {
      case STRING:
        return STRING.matcher(text).matches() ? null : "expected a quoted string like 'text'";
      case LONG:
      case INSTANT:
      case DURATION:
        return integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
      case INT:
        return integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case SHORT:
        return integer(text, Short.MIN_VALUE, Short.MAX_VALUE);
      case BYTE:
        return integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case BOOLEAN:
        return text.equals("0")
                || text.equals("1")
                || text.equalsIgnoreCase("TRUE")
                || text.equalsIgnoreCase("FALSE")
            ? null
            : "expected TRUE, FALSE, 0 or 1";
      case DOUBLE:
      case FLOAT:
        return REAL.matcher(text).matches() ? null : "expected a number like 1.5 or -2e3";
      case BYTES:
        return BLOB.matcher(text).matches() ? null : "expected a blob literal like X'0A1B'";
      case LOCAL_DATE:
        return parsed(text, "an ISO-8601 date like '2024-01-31'", LocalDate::parse);
      case UUID:
        return parsed(text, "a UUID like '123e4567-e89b-12d3-a456-426614174000'", UUID::fromString);
      case BIG_DECIMAL:
        return parsed(text, "a decimal like '1.10'", BigDecimal::new);
      case ENUM:
        {
          String value = unquote(text);
          if (value == null) {
            return "expected a quoted enum constant like '" + first(column) + "'";
          }
          return column.enumConstants().contains(value)
              ? null
              : "'" + value + "' is not one of " + column.enumConstants();
        }
      default:
        return "no default is allowed for this type";
    }
  }

  private static String integer(String text, long min, long max) {
    if (HEX.matcher(text).matches()) {
      return null;
    }
    if (!INTEGER.matcher(text).matches()) {
      return "expected an integer like 42";
    }
    try {
      long value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      return value < min || value > max ? "out of range [" + min + ", " + max + "]" : null;
    } catch (NumberFormatException e) {
      return "out of range [" + min + ", " + max + "]";
    }
  }

  private interface Parser {
    Object parse(String text);
  }

  private static String parsed(String text, String expected, Parser parser) {
    String value = unquote(text);
    if (value == null) {
      return "expected " + expected;
    }
    try {
      parser.parse(value);
      return null;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return "expected " + expected;
    }
  }

  private static String unquote(String text) {
    if (!STRING.matcher(text).matches()) {
      return null;
    }
    return text.substring(1, text.length() - 1).replace("''", "'");
  }

  private static String first(ColumnModel column) {
    return column.enumConstants().isEmpty()
        ? "CONSTANT"
        : column.enumConstants().get(0).toUpperCase(Locale.ROOT);
  }
}
