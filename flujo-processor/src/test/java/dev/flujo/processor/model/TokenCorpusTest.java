package dev.flujo.processor.model;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link QuerySql#parse} against the token corpus of the runtime's {@code Ddl} tokenizer tests
 * ({@code flujo-runtime/src/test/resources/sqlite-token-corpus.txt}), so the two SQLite
 * tokenizers agree on one definition.
 */
class TokenCorpusTest {
  private static final Path CORPUS =
      Path.of("..", "flujo-runtime", "src", "test", "resources", "sqlite-token-corpus.txt");

  @Test
  void queryTokenizerProducesTheCorpusTokens() throws IOException {
    String sql = null;
    int cases = 0;
    for (String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
      if (line.startsWith("sql: ")) {
        sql = line.substring(5).replace("\\n", "\n");
      } else if (line.startsWith("tokens: ")) {
        List<String> expected = List.of(line.substring(8).split("\t"));
        List<String> actual = new ArrayList<>();
        for (QuerySql.Token t : QuerySql.parse(sql).tokens()) {
          actual.add(kind(t) + " " + (t.kind() == QuerySql.Kind.QUOTED ? QuerySql.name(t) : t.text()));
        }
        assertWithMessage(sql).that(actual).containsExactlyElementsIn(expected).inOrder();
        cases++;
      }
    }
    assertWithMessage("cases").that(cases).isAtLeast(10);
  }

  private static String kind(QuerySql.Token t) {
    switch (t.kind()) {
      case WORD:
        return "word";
      case QUOTED:
        return "name";
      case STRING:
        return "string";
      case NUMBER:
        return "number";
      case PARAMETER:
      case FOREIGN_PARAMETER:
        return "variable";
      default:
        return "punct";
    }
  }
}
