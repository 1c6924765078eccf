package dev.flujo.processor.sql;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.validation.NameRules;
import org.junit.jupiter.api.Test;

/** The identifier rules, and the keyword list checked against SQLite's own. */
class SqlIdentifiersTest {
  /** The words of {@code sqlite-keywords.txt}, copied from SQLite's {@code mkkeywordhash.c}. */
  private static Set<String> sqliteKeywords(boolean withBuildOptions) throws IOException {
    Set<String> words = new LinkedHashSet<>();
    try (InputStream in = SqlIdentifiersTest.class.getResourceAsStream("/sqlite-keywords.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 1 || withBuildOptions) {
          words.add(parts[0]);
        }
      }
    }
    return words;
  }

  @Test
  void documentedKeywordListHas147Words() throws IOException {
    assertThat(sqliteKeywords(false)).hasSize(147);
  }

  @Test
  void everySqliteKeywordIsRejectedInAnyCase() throws IOException {
    for (String word : sqliteKeywords(true)) {
      assertWithMessage(word).that(SqlIdentifiers.isKeyword(word)).isTrue();
      assertWithMessage(word).that(SqlIdentifiers.isKeyword(word.toLowerCase(Locale.ROOT))).isTrue();
    }
  }

  @Test
  void keywordListHoldsNothingButSqlitesKeywords() throws IOException {
    assertThat(SqlIdentifiers.KEYWORDS).containsExactlyElementsIn(sqliteKeywords(true));
  }

  @Test
  void ordinaryNamesAreAccepted() {
    for (String name : new String[] {"run_id", "_private", "Status2", "x", "within_limit"}) {
      assertWithMessage(name).that(NameRules.problem("column", name, "")).isNull();
    }
  }

  @Test
  void nameOfExactlyTheLimitIsAcceptedAndOneMoreIsNot() {
    String limit = "a".repeat(SqlIdentifiers.MAX_LENGTH);
    assertThat(NameRules.problem("table", limit, "")).isNull();
    assertThat(NameRules.problem("table", limit + "a", ""))
        .isEqualTo(
            String.format(
                Errors.NAME_TOO_LONG,
                "table",
                limit + "a",
                SqlIdentifiers.MAX_LENGTH + 1,
                SqlIdentifiers.MAX_LENGTH));
  }

  @Test
  void nonAsciiLettersDollarsAndQuotesAreMalformed() {
    for (String name : new String[] {"café", "a$b", "a\"b", "a b", "9lives", "-x"}) {
      assertWithMessage(name)
          .that(NameRules.problem("column", name, ""))
          .isEqualTo(String.format(Errors.NAME_MALFORMED, "column", name));
    }
  }

  @Test
  void sqlitePrefixIsReservedWhateverItsCaseButNotInsideAName() {
    assertThat(NameRules.problem("index", "SQLITE_x", ""))
        .isEqualTo(String.format(Errors.NAME_SQLITE_PREFIX, "index", "SQLITE_x"));
    assertThat(NameRules.problem("index", "my_sqlite_x", "")).isNull();
    assertThat(NameRules.problem("index", "sqlitex", "")).isNull();
  }

  @Test
  void quoteDoublesEmbeddedQuotes() {
    assertThat(SqlIdentifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
  }
}
