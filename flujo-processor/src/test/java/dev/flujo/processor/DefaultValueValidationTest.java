package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Column(defaultValue)}: one literal the column's type can hold, never on a key. */
class DefaultValueValidationTest {
  private static JavaFileObject withDefault(String literal, String component) {
    return source(
        "Item",
        "@StateTable",
        "record Item(",
        "    @Id String id,",
        "    @Column(defaultValue = \"" + literal + "\") " + component + ") {}");
  }

  private static void assertInvalid(
      String literal, String component, String column, String sqlType, String expected) {
    JavaFileObject src = withDefault(literal, component);
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_INVALID, literal, column, sqlType, expected),
        src,
        component,
        "\"" + literal);
  }

  @Test
  void textLiteralOnIntegerColumnIsAnError() {
    assertInvalid("'abc'", "int count", "count", "INTEGER", Errors.EXPECT_INTEGER);
  }

  @Test
  void unbalancedQuoteIsAnError() {
    JavaFileObject src = withDefault("'abc", "String label");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_UNBALANCED_QUOTE, "'abc", "label"),
        src,
        "String label",
        "\"'abc");
  }

  @Test
  void secondStatementIsAnError() {
    JavaFileObject src = withDefault("1; DROP TABLE x", "int count");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_NOT_LITERAL, "1; DROP TABLE x", "count", "42"),
        src,
        "int count",
        "\"1;");
  }

  @Test
  void subQueryIsAnError() {
    JavaFileObject src = withDefault("(SELECT 1)", "long count");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_NOT_LITERAL, "(SELECT 1)", "count", "42"),
        src,
        "long count",
        "\"(SELECT");
  }

  @Test
  void expressionOfStringsIsAnError() {
    JavaFileObject src = withDefault("'a' || 'b'", "String label");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_NOT_LITERAL, "'a' || 'b'", "label", "'text'"),
        src,
        "String label",
        "\"'a'");
  }

  @Test
  void defaultOnKeyColumnIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id @Column(defaultValue = \"'x'\") String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_ON_KEY, "id"),
        src,
        "String id",
        "\"'x'\"");
  }

  @Test
  void integerOutOfTheColumnsRangeIsAnError() {
    assertInvalid(
        "300",
        "byte level",
        "level",
        "INTEGER",
        String.format(Errors.EXPECT_INTEGER_RANGE, Byte.MIN_VALUE, Byte.MAX_VALUE));
  }

  @Test
  void hexLiteralWiderThanSixtyFourBitsIsAnError() {
    assertInvalid(
        "0x1FFFFFFFFFFFFFFFF",
        "long mask",
        "mask",
        "INTEGER",
        String.format(Errors.EXPECT_INTEGER_RANGE, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @Test
  void nullDefaultOnNotNullColumnIsAnError() {
    JavaFileObject src = withDefault("NULL", "String label");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.DEFAULT_NULL_ON_NOT_NULL, "label"),
        src,
        "String label",
        "\"NULL\"");
  }

  @Test
  void enumDefaultThatIsNoConstantIsAnError() {
    JavaFileObject status = source("Status", "enum Status { ACTIVE, DONE }");
    JavaFileObject src = withDefault("'PAUSED'", "Status status");
    assertOnlyErrorAt(
        compile(src, status),
        String.format(
            Errors.DEFAULT_INVALID,
            "'PAUSED'",
            "status",
            "TEXT",
            String.format(Errors.EXPECT_ENUM, "[ACTIVE, DONE]", "ACTIVE")),
        src,
        "Status status",
        "\"'PAUSED'");
  }

  @Test
  void booleanDefaultOtherThanZeroOrOneIsAnError() {
    assertInvalid("2", "boolean done", "done", "INTEGER", Errors.EXPECT_BOOLEAN);
  }

  @Test
  void impossibleDateIsAnError() {
    assertInvalid("'2024-13-01'", "LocalDate due", "due", "TEXT", Errors.EXPECT_DATE);
  }

  @Test
  void quotedNumberOnRealColumnIsAnError() {
    assertInvalid("'1.5'", "double ratio", "ratio", "REAL", Errors.EXPECT_REAL);
  }
}
