package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.tests.reliability.HostilePayloads.Payload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 6, hostile values: SQL-injection and encoding payloads as keys and values through every DAO
 * operation and as {@code @StateQueries} parameters ({@link HostileQueries}) are stored byte for
 * byte as their UTF-8 encoding and matched exactly (never as patterns, never case-folded or
 * normalized); text UTF-8 cannot encode is refused, never replaced; a 100 MB value is stored whole
 * or refused with a clear error, never truncated.
 */
@Tag("reliability")
class HostileValueTest {
  @TempDir Path dir;
  private Path file;
  private StateDatabase db;
  private HostileDao dao;

  @BeforeEach
  void open() {
    file = dir.resolve("hostile.db");
    db = StateDatabase.builder().file(file).tables(HostileDao.TABLE).open();
    dao = new HostileDao(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static String hex(String text) {
    return HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  @Test
  void everyPayloadRoundTripsVerbatimAsKeyAndAsValue() throws Exception {
    List<String> tablesBefore = tables();
    assertThat(tablesBefore).contains("rel_hostile");
    List<Payload> payloads = HostilePayloads.all();
    assertThat(payloads.size()).isAtLeast(30);
    for (Payload p : payloads) {
      dao.upsert(new Hostile(p.text(), p.text(), p.name()));
    }

    assertWithMessage("rows: a payload collided with another or went missing")
        .that(dao.count())
        .isEqualTo(payloads.size());
    for (Payload p : payloads) {
      Optional<Hostile> found = dao.findById(p.text());
      assertWithMessage("findById(%s)", p).that(found).isPresent();
      assertWithMessage("key of %s", p).that(found.get().label()).isEqualTo(p.text());
      assertWithMessage("value of %s", p).that(found.get().content()).isEqualTo(p.text());
      assertWithMessage("existsById(%s)", p).that(dao.existsById(p.text())).isTrue();
    }
    Map<String, String> byLabel =
        dao.findAll().stream().collect(Collectors.toMap(Hostile::label, Hostile::content));
    try (Stream<Hostile> all = dao.streamAll()) {
      assertThat(all.collect(Collectors.toMap(Hostile::label, Hostile::content)))
          .containsExactlyEntriesIn(byLabel);
    }
    for (Payload p : payloads) {
      assertWithMessage("findAll value of %s", p).that(byLabel.get(p.text())).isEqualTo(p.text());
    }

    Map<String, String> storedHex = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT hex(label), hex(content) FROM rel_hostile")) {
        while (rs.next()) {
          assertWithMessage("key and value bytes of one row")
              .that(rs.getString(2))
              .isEqualTo(rs.getString(1));
          storedHex.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    for (Payload p : payloads) {
      assertWithMessage("stored bytes of %s are its UTF-8 encoding", p)
          .that(storedHex)
          .containsKey(hex(p.text()));
    }
    assertWithMessage("tables after the injection payloads")
        .that(tables())
        .containsExactlyElementsIn(tablesBefore);
  }

  @Test
  void keysAreMatchedExactlyNeverAsPatternsOrFoldedForms() {
    for (Payload p : HostilePayloads.all()) {
      dao.upsert(new Hostile(p.text(), "v", null));
    }
    List<String> absent =
        List.of(
            "a",
            "ab",
            "aXbYc",
            "abc",
            "a%b",
            "%%",
            "__",
            "A%B_C",
            "x",
            "Key",
            "key  ",
            "kEy",
            "\u00C9",
            "e",
            "line1",
            "a b",
            "a\u0000",
            "\u0000\u0000",
            "abc\u0000\u0000",
            "'''",
            "1",
            "sqlite_version()",
            "\uD83D\uDE01",
            "\\\\");
    for (String text : absent) {
      assertWithMessage("findById of a string never stored: %s", hex(text))
          .that(dao.findById(text))
          .isEmpty();
      assertWithMessage("deleteById of a string never stored: %s", hex(text))
          .that(dao.deleteById(text))
          .isFalse();
    }
    long rows = dao.count();
    for (Payload p : HostilePayloads.all()) {
      assertWithMessage("deleteById(%s)", p).that(dao.deleteById(p.text())).isTrue();
      rows--;
      assertWithMessage("rows after deleting %s", p).that(dao.count()).isEqualTo(rows);
    }
    assertThat(rows).isEqualTo(0L);
  }

  @Test
  void payloadsSurviveInsertUpdateAndTransactions() {
    List<Payload> payloads = HostilePayloads.all();
    db.inTransaction(
        () -> {
          for (Payload p : payloads) {
            dao.insert(new Hostile(p.text(), "first", null));
          }
        });
    for (Payload p : payloads) {
      StateException duplicate =
          assertThrows(
              DuplicateKeyException.class,
              () -> dao.insert(new Hostile(p.text(), "second", null)),
              p.name());
      assertThat(duplicate.table()).isEqualTo("rel_hostile");
      assertWithMessage("update(%s)", p)
          .that(dao.update(new Hostile(p.text(), p.text(), p.text())))
          .isTrue();
    }
    for (Payload p : payloads) {
      Hostile row = dao.findById(p.text()).orElseThrow();
      assertWithMessage("value of %s after update", p).that(row.content()).isEqualTo(p.text());
      assertWithMessage("note of %s after update", p).that(row.note()).isEqualTo(p.text());
    }
    dao.upsertAll(
        payloads.stream()
            .map(p -> new Hostile(p.text(), p.name(), null))
            .collect(Collectors.toList()));
    for (Payload p : payloads) {
      assertWithMessage("value of %s after upsertAll", p)
          .that(dao.findById(p.text()).orElseThrow().content())
          .isEqualTo(p.name());
    }
  }

  @Test
  void payloadsAsQueryParametersAreBoundAndMatchedVerbatim() throws Exception {
    List<String> tablesBefore = tables();
    HostileQueries queries = new HostileQueriesImpl(db);
    List<Payload> payloads = HostilePayloads.all();
    for (Payload p : payloads) {
      assertWithMessage("insert(%s)", p)
          .that(queries.insert(p.text(), p.text(), p.name()))
          .isEqualTo(1);
    }
    List<String> texts = payloads.stream().map(Payload::text).collect(Collectors.toList());
    assertWithMessage("rows matched by IN over every payload")
        .that(queries.countIn(texts))
        .isEqualTo(payloads.size());
    for (Payload p : payloads) {
      Hostile row = queries.byLabel(p.text()).orElseThrow();
      assertWithMessage("label of %s", p).that(row.label()).isEqualTo(p.text());
      assertWithMessage("content of %s", p).that(row.content()).isEqualTo(p.text());
      assertWithMessage("contentOf(%s)", p).that(queries.contentOf(p.text())).hasValue(p.text());
      assertWithMessage("labelsWithContent(%s)", p)
          .that(queries.labelsWithContent(p.text()))
          .containsExactly(p.text());
      assertWithMessage("DAO view of %s written by a query", p)
          .that(dao.findById(p.text()).map(Hostile::content))
          .hasValue(p.text());
      assertWithMessage("setNote(%s)", p)
          .that(queries.setNote(p.text(), "<" + p.text() + ">"))
          .isEqualTo(1);
    }
    for (String absent : List.of("%", "_%", "' OR '1'='1' --", "KEy", "\u00C9")) {
      if (!texts.contains(absent)) {
        assertWithMessage("byLabel of a string never stored: %s", absent)
            .that(queries.byLabel(absent))
            .isEmpty();
      }
    }
    assertWithMessage("IN over strings never stored")
        .that(queries.countIn(List.of("a", "x' OR 1=1 --", "%%")))
        .isEqualTo(0L);
    assertWithMessage("notes holding the drop-table payload")
        .that(queries.countNotesContaining("'); DROP TABLE rel_hostile; --"))
        .isEqualTo(1L);
    for (Payload p : payloads) {
      assertWithMessage("note of %s", p)
          .that(dao.findById(p.text()).orElseThrow().note())
          .isEqualTo("<" + p.text() + ">");
      assertWithMessage("delete(%s)", p).that(queries.delete(p.text())).isTrue();
    }
    assertThat(dao.count()).isEqualTo(0L);
    assertWithMessage("tables after the injection payloads")
        .that(tables())
        .containsExactlyElementsIn(tablesBefore);
    queries.insert("?", "a real question mark", "");
    for (Payload p : HostilePayloads.loneSurrogates()) {
      StateException refused =
          assertThrows(StateException.class, () -> queries.insert(p.text(), "v", "n"), p.name());
      assertWithMessage("refusal of %s", p).that(refused).hasMessageThat().contains("surrogate");
      Optional<Hostile> matched;
      try {
        matched = queries.byLabel(p.text());
      } catch (StateException refusedAsParameter) {
        matched = Optional.empty();
      }
      assertWithMessage("row matched by the lone surrogate %s", p).that(matched).isEmpty();
    }
    assertThat(dao.count()).isEqualTo(1L);
  }

  @Test
  void loneSurrogatesAreStoredVerbatimOrRefusedNeverReplaced() {
    dao.upsert(new Hostile("?", "a real question mark", null));
    List<String> outcomes = new ArrayList<>();
    List<String> corrupted = new ArrayList<>();
    int n = 0;
    for (Payload p : HostilePayloads.loneSurrogates()) {
      String label = "lone-" + n++;
      try {
        dao.upsert(new Hostile(label, p.text(), null));
        String stored = dao.findById(label).orElseThrow().content();
        outcomes.add(p + " as value: stored as " + hex(stored));
        if (!stored.equals(p.text())) {
          corrupted.add(p + " as value came back as " + hex(stored));
        }
      } catch (StateException refused) {
        outcomes.add(p + " as value: refused: " + refused.getMessage());
        assertWithMessage("row of refused %s", p).that(dao.existsById(label)).isFalse();
      }
      try {
        dao.upsert(new Hostile(p.text(), "value of a surrogate key", null));
        Optional<Hostile> found = dao.findById(p.text());
        outcomes.add(p + " as key: stored");
        if (found.isEmpty() || !found.get().label().equals(p.text())) {
          corrupted.add(
              p + " as key came back as " + found.map(h -> hex(h.label())).orElse("nothing"));
        }
      } catch (StateException refused) {
        outcomes.add(p + " as key: refused: " + refused.getMessage());
      }
    }
    System.out.println(String.join("\n", outcomes));
    assertWithMessage("lone surrogates silently replaced (%s)", outcomes).that(corrupted).isEmpty();
    assertWithMessage("the real '?' row after writing lone surrogates as keys")
        .that(dao.findById("?").orElseThrow().content())
        .isEqualTo("a real question mark");
  }

  @Test
  void hundredMegabyteValueIsStoredWholeOrRefusedClearlyNeverTruncated() throws Exception {
    int length = 100 * 1024 * 1024;
    StringBuilder builder = new StringBuilder(length);
    for (int i = 0; builder.length() < length - 3; i++) {
      builder.append((char) ('a' + i % 26));
    }
    String big = builder.append("END").toString();
    assertThat(big.length()).isEqualTo(length);

    String outcome;
    try {
      dao.upsert(new Hostile("big", big, null));
      outcome = "stored";
    } catch (StateException refused) {
      outcome = "refused: " + refused.getMessage();
      assertThat(refused).hasMessageThat().isNotEmpty();
      assertWithMessage("a refused 100 MB value left a row").that(dao.existsById("big")).isFalse();
    }
    if (outcome.equals("stored")) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT length(content), substr(content, -3) FROM rel_hostile WHERE label ="
                      + " 'big'")) {
        assertThat(rs.next()).isTrue();
        assertWithMessage("stored length").that(rs.getLong(1)).isEqualTo(length);
        assertThat(rs.getString(2)).isEqualTo("END");
      }
      String back = dao.findById("big").orElseThrow().content();
      assertWithMessage("length read back").that(back.length()).isEqualTo(length);
      assertWithMessage("100 MB value read back equals what was written")
          .that(back.equals(big))
          .isTrue();
    }
    Figures.of("hostile 100 MB value").put("outcome", outcome).record();
  }
}
