package dev.flujo.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Timestamp;
import dev.flujo.processor.model.ValueType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Default literals, judged without the compiler. Every literal accepted here is also handed to
 * SQLite in a {@code STRICT} table, which must store it with the column's storage class: what the
 * validator lets through is a literal SQLite agrees with.
 */
class DefaultValuesTest {
  private static ColumnModel column(ValueType type, boolean nullable) {
    return new ColumnModel(
        null, "c", "c", null, null, type, false, null, null, nullable, null, 0, null,
        Timestamp.NONE, null, null, List.of("ACTIVE", "DONE"), null, null, null);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      value = {
        "STRING      | 'text'                                  | text",
        "STRING      | 'it''s'                                 | text",
        "STRING      | ''                                      | text",
        "STRING      | 'a; DROP TABLE t'                       | text",
        "LONG        | 42                                      | integer",
        "LONG        | -9223372036854775808                    | integer",
        "LONG        | +7                                      | integer",
        "LONG        | 0x7FFFFFFFFFFFFFFF                      | integer",
        "INT         | -2147483648                             | integer",
        "SHORT       | 32767                                   | integer",
        "BYTE        | 0x7F                                    | integer",
        "BOOLEAN     | TRUE                                    | integer",
        "BOOLEAN     | 0                                       | integer",
        "DOUBLE      | 1.5e3                                   | real",
        "DOUBLE      | .5                                      | real",
        "FLOAT       | 2                                       | real",
        "BYTES       | X'0A1b'                                 | blob",
        "INSTANT     | 0                                       | integer",
        "DURATION    | 1000000                                 | integer",
        "LOCAL_DATE  | '2024-02-29'                            | text",
        "UUID        | '123e4567-e89b-12d3-a456-426614174000'  | text",
        "BIG_DECIMAL | '1.10'                                  | text",
        "ENUM        | 'DONE'                                  | text",
      })
  void acceptedLiteralIsStoredBySqliteWithTheColumnsStorageClass(
      ValueType type, String literal, String storage) throws SQLException {
    assertThat(DefaultValues.problem(column(type, false), literal)).isNull();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, c " + type.sqlType() + " DEFAULT "
          + literal + ") STRICT");
      s.execute("INSERT INTO t (id) VALUES (1)");
      try (ResultSet r = s.executeQuery("SELECT typeof(c) FROM t")) {
        assertThat(r.next()).isTrue();
        assertWithMessage(literal).that(r.getString(1)).isEqualTo(storage);
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      value = {
        "STRING      | text",
        "STRING      | \"text\"",
        "STRING      | 'a' 'b'",
        "LONG        | 9223372036854775808",
        "LONG        | 1.0",
        "LONG        | '42'",
        "LONG        | CURRENT_TIMESTAMP",
        "LONG        | 0x",
        "INT         | 2147483648",
        "INT         | 0xFFFFFFFF",
        "BOOLEAN     | yes",
        "DOUBLE      | 1e",
        "DOUBLE      | NaN",
        "BYTES       | X'ABC'",
        "BYTES       | 'raw'",
        "LOCAL_DATE  | 2024-01-31",
        "LOCAL_DATE  | '31.01.2024'",
        "UUID        | '123e4567e89b12d3a456426614174000'",
        "BIG_DECIMAL | 1.10",
        "ENUM        | 'done'",
        "ENUM        | DONE",
        "INSTANT     | '2024-01-31T00:00:00Z'",
      })
  void literalOfTheWrongTypeIsRejected(ValueType type, String literal) {
    String problem = DefaultValues.problem(column(type, false), literal);
    assertWithMessage(literal).that(problem).isNotNull();
    assertThat(problem).startsWith(String.format("defaultValue \"%s\" of column \"c\"", literal));
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      value = {
        "LONG   | 1; DROP TABLE x",
        "LONG   | (SELECT 1)",
        "LONG   | abs(-1)",
        "LONG   | 1 + 1",
        "STRING | 'a' || 'b'",
        "STRING | 'a'; DELETE FROM t; SELECT 'b'",
        "STRING | ('x')",
      })
  void expressionOrStatementIsNotALiteral(ValueType type, String literal) {
    String example = type == ValueType.STRING ? "'text'" : "42";
    assertThat(DefaultValues.problem(column(type, false), literal))
        .isEqualTo(String.format(Errors.DEFAULT_NOT_LITERAL, literal, "c", example));
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " | ",
      quoteCharacter = '`',
      value = {"STRING | 'abc", "STRING | abc'", "STRING | 'a'b'", "LONG | '1"})
  void unbalancedQuoteIsReportedAsSuch(ValueType type, String literal) {
    assertThat(DefaultValues.problem(column(type, false), literal))
        .isEqualTo(String.format(Errors.DEFAULT_UNBALANCED_QUOTE, literal, "c"));
  }

  @ParameterizedTest
  @CsvSource({"STRING", "LONG", "ENUM"})
  void nullIsTheDefaultOfNullableColumnsOnly(ValueType type) {
    assertThat(DefaultValues.problem(column(type, true), "NULL")).isNull();
    assertThat(DefaultValues.problem(column(type, true), "null")).isNull();
    assertThat(DefaultValues.problem(column(type, false), "NULL"))
        .isEqualTo(String.format(Errors.DEFAULT_NULL_ON_NOT_NULL, "c"));
  }
}
