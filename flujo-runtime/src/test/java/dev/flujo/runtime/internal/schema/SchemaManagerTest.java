package dev.flujo.runtime.internal.schema;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.TestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaManagerTest {
  private static final TableDefinition ITEM = table("item").key("id", "TEXT").build();

  @TempDir Path dir;

  @Test
  void foreignKeysAreOffDuringTheTransactionAndOnAgainAfterSuccessAndFailure() throws Exception {
    Path file = dir.resolve("fk.db");
    try (Connection c = TestFiles.connect(file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = ON");
      }
      List<String> seen = new java.util.ArrayList<>();
      SchemaManager.apply(
          c, "fk.db", List.of(ITEM, table("other").key("k", "TEXT").build()), List.of());
      assertThat(TestFiles.query(c, "PRAGMA foreign_keys")).containsExactly("1");
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE item ADD COLUMN extra TEXT");
      }
      TableDefinition withKey = table("item").key("id", "TEXT").notNull("extra", "TEXT").build();
      assertThrows(
          SchemaMismatchException.class,
          () ->
              SchemaManager.apply(
                  c,
                  "fk.db",
                  List.of(withKey),
                  List.of(
                      new SchemaManager.Step(
                          "item",
                          ITEM.fingerprint(),
                          connection ->
                              seen.addAll(TestFiles.query(connection, "PRAGMA foreign_keys"))))));
      assertThat(seen).containsExactly("0");
      assertThat(TestFiles.query(c, "PRAGMA foreign_keys")).containsExactly("1");
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(TestFiles.query(c, "SELECT count(*) FROM sqlite_schema WHERE name = 'other'"))
          .containsExactly("1");
    }
  }
}
