package dev.flujo.processor.validation;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks {@code @Column(defaultValue)} literals: the text must be one SQL literal (never an
 * expression, a sub-query or a second statement) whose value the column's type can hold. The
 * literal is copied into {@code CREATE TABLE}, so anything this class accepts is safe there.
 */
final class DefaultValues {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9A-Fa-f]+)");
  private static final Pattern REAL =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern STRING = Pattern.compile("'([^']|'')*'");
  private static final Pattern BLOB = Pattern.compile("[xX]'([0-9A-Fa-f]{2})*'");

  private DefaultValues() {}

  /**
   * Returns the message explaining why {@code literal} is not a valid default of {@code column},
   * or null if it is one. The column must have a supported value type.
   */
  static String problem(ColumnModel column, String literal) {
    String text = literal.trim();
    String name = column.columnName();
    if (unbalancedQuotes(text)) {
      return String.format(Errors.DEFAULT_UNBALANCED_QUOTE, literal, name);
    }
    if (text.equalsIgnoreCase("NULL")) {
      return column.notNull() ? String.format(Errors.DEFAULT_NULL_ON_NOT_NULL, name) : null;
    }
    ValueType type = column.valueType();
    if (!STRING.matcher(text).matches() && !BLOB.matcher(text).matches() && hasCode(text)) {
      return String.format(Errors.DEFAULT_NOT_LITERAL, literal, name, example(column));
    }
    String expected = expected(column, type, text);
    return expected == null
        ? null
        : String.format(Errors.DEFAULT_INVALID, literal, name, type.sqlType(), expected);
  }

  /** What to write instead, or null if {@code text} is a valid literal of {@code type}. */
  private static String expected(ColumnModel column, ValueType type, String text) {
    switch (type) {
      case STRING:
        return STRING.matcher(text).matches() ? null : Errors.EXPECT_TEXT;
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
            : Errors.EXPECT_BOOLEAN;
      case DOUBLE:
      case FLOAT:
        return REAL.matcher(text).matches() ? null : Errors.EXPECT_REAL;
      case BYTES:
        return BLOB.matcher(text).matches() ? null : Errors.EXPECT_BLOB;
      case LOCAL_DATE:
        return parses(text, LocalDate::parse) ? null : Errors.EXPECT_DATE;
      case UUID:
        return parses(text, DefaultValues::canonicalUuid) ? null : Errors.EXPECT_UUID;
      case BIG_DECIMAL:
        return parses(text, BigDecimal::new) ? null : Errors.EXPECT_DECIMAL;
      case ENUM:
        {
          String value = unquote(text);
          return value != null && column.enumConstants().contains(value)
              ? null
              : String.format(Errors.EXPECT_ENUM, column.enumConstants(), first(column));
        }
      default:
        throw new IllegalArgumentException("no default rule for " + type);
    }
  }

  /** An odd number of quotes outside any complete string literal. */
  private static boolean unbalancedQuotes(String text) {
    int quotes = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\'') {
        quotes++;
      }
    }
    return quotes % 2 != 0;
  }

  /** Whether text outside quotes holds something only an expression or statement has. */
  private static boolean hasCode(String text) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == ';' || c == '(' || c == ')' || Character.isWhitespace(c))) {
        return true;
      }
    }
    return false;
  }

  private static String integer(String text, long min, long max) {
    BigInteger value;
    java.util.regex.Matcher hex = HEX.matcher(text);
    if (hex.matches()) {
      if (hex.group(2).replaceFirst("^0+", "").length() > 16) {
        return String.format(Errors.EXPECT_INTEGER_RANGE, min, max);
      }
      // SQLite reads a hex literal as the 64-bit two's-complement pattern it spells.
      value = BigInteger.valueOf(new BigInteger(hex.group(2), 16).longValue());
      if (hex.group(1).equals("-")) {
        value = value.negate();
      }
    } else if (INTEGER.matcher(text).matches()) {
      value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    } else {
      return Errors.EXPECT_INTEGER;
    }
    return value.compareTo(BigInteger.valueOf(min)) < 0
            || value.compareTo(BigInteger.valueOf(max)) > 0
        ? String.format(Errors.EXPECT_INTEGER_RANGE, min, max)
        : null;
  }

  private static boolean parses(String text, Function<String, Object> parser) {
    String value = unquote(text);
    if (value == null) {
      return false;
    }
    try {
      parser.apply(value);
      return true;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return false;
    }
  }

  private static Object canonicalUuid(String text) {
    if (!UUID.fromString(text).toString().equalsIgnoreCase(text)) {
      throw new IllegalArgumentException("not canonical: " + text);
    }
    return text;
  }

  private static String unquote(String text) {
    if (!STRING.matcher(text).matches()) {
      return null;
    }
    return text.substring(1, text.length() - 1).replace("''", "'");
  }

  private static String first(ColumnModel column) {
    return column.enumConstants().isEmpty() ? "CONSTANT" : column.enumConstants().get(0);
  }

  /** A valid literal for the column, for messages. */
  private static String example(ColumnModel column) {
    switch (column.valueType()) {
      case STRING:
        return "'text'";
      case DOUBLE:
      case FLOAT:
        return "1.5";
      case BOOLEAN:
        return "FALSE";
      case BYTES:
        return "X'0A1B'";
      case LOCAL_DATE:
        return "'2024-01-31'";
      case UUID:
        return "'123e4567-e89b-12d3-a456-426614174000'";
      case BIG_DECIMAL:
        return "'1.10'";
      case ENUM:
        return "'" + first(column) + "'";
      default:
        return "42";
    }
  }
}
