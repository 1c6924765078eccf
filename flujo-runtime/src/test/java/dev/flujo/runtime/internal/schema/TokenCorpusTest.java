package dev.flujo.runtime.internal.schema;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Ddl#tokenize} against the token corpus the processor's {@code QuerySql} tests read too
 * ({@code sqlite-token-corpus.txt}), so the two SQLite tokenizers agree on one definition.
 */
class TokenCorpusTest {
  @Test
  void ddlTokenizerProducesTheCorpusTokens() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/sqlite-token-corpus.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String sql = null;
    int cases = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("sql: ")) {
        sql = line.substring(5).replace("\\n", "\n");
      } else if (line.startsWith("tokens: ")) {
        List<String> expected = List.of(line.substring(8).split("\t"));
        List<String> actual = new ArrayList<>();
        for (Ddl.Token t : Ddl.tokenize(sql)) {
          actual.add(kind(t) + " " + t.text());
        }
        assertWithMessage(sql).that(actual).containsExactlyElementsIn(expected).inOrder();
        cases++;
      }
    }
    assertWithMessage("cases").that(cases).isAtLeast(10);
  }

  private static String kind(Ddl.Token t) {
    switch (t.kind()) {
      case WORD:
        return "word";
      case IDENTIFIER:
        return "name";
      case STRING:
        return "string";
      case NUMBER:
        return "number";
      case VARIABLE:
        return "variable";
      case BLOB:
        return "blob";
      default:
        return "punct";
    }
  }
}
