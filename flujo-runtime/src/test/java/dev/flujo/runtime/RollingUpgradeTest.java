package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade: version 1 of the code creates the file, version 2 upgrades it, version 1 opens
 * it again (an instance not yet redeployed) and writes with its own columns, then version 2 opens
 * it again. One test per kind of change.
 */
class RollingUpgradeTest {
  @TempDir Path dir;
  private Path file;

  private static TestTables v1() {
    return TestTables.jobV1();
  }

  private static final TableDefinition V1 = v1().build();

  /** Inserts with version 1's columns, as its generated DAO does. */
  private static final SqlStatement INSERT_V1 =
      SqlStatement.write(
          "job",
          "JobDao.insert",
          "INSERT INTO \"job\" (\"id\", \"status\", \"attempts\", \"note\") VALUES (?, ?, ?, ?)",
          null);

  /** Upserts with version 1's columns, as its generated DAO does. */
  private static final SqlStatement UPSERT_V1 =
      SqlStatement.write(
          "job",
          "JobDao.upsert",
          "INSERT INTO \"job\" (\"id\", \"status\", \"attempts\", \"note\") VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (\"id\") DO UPDATE SET \"status\" = excluded.\"status\","
              + " \"attempts\" = excluded.\"attempts\", \"note\" = excluded.\"note\"",
          null);

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("state.db");
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    TestFiles.execute(file, "INSERT INTO job (id, status, attempts, note) VALUES ('a', 'NEW', 1, 'x')");
  }

  private StateDatabase open(TableDefinition table) {
    return StateDatabase.builder().file(file).tables(table).open();
  }

  private static void write(StateDatabase db, SqlStatement sql, String id, String status) {
    Session.of(db).execute(
        sql,
        statement -> {
          statement.setString(1, id);
          statement.setString(2, status);
          statement.setInt(3, 7);
          statement.setString(4, "by v1");
          return statement.executeUpdate();
        });
  }

  private List<String> metadata() throws Exception {
    return TestFiles.query(
        file, "SELECT kind, name, value FROM \"flujo$schema\" ORDER BY kind, name");
  }

  /**
   * Opens the upgraded file with version 1: nothing changes (the file's bytes included), its
   * inserts and upserts work; then version 2 opens it with nothing to do.
   */
  private void oldCodeRunsThenNewCodeAgain(TableDefinition v2) throws Exception {
    List<String> metadata = metadata();
    assertThat(metadata).contains("table|job|" + v2.fingerprint());
    assertThat(metadata).contains("superseded|job/" + V1.fingerprint() + "|" + v2.fingerprint());
    byte[] bytes = Files.readAllBytes(file);
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).isEmpty();
      assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
      write(db, INSERT_V1, "old", "NEW");
      write(db, UPSERT_V1, "a", "DONE");
    }
    assertThat(metadata()).isEqualTo(metadata);
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(metadata()).isEqualTo(metadata);
    assertThat(TestFiles.query(file, "SELECT id, status, attempts, note FROM job WHERE id IN ('a', 'old') ORDER BY id"))
        .containsExactly("a|DONE|7|by v1", "old|NEW|7|by v1")
        .inOrder();
    assertThat(TestFiles.query(file, "PRAGMA integrity_check")).containsExactly("ok");
  }

  @Test
  void addedNullableColumnIsToleratedByOldCodeWhoseInsertsLeaveItNullAndUpsertsKeepIt()
      throws Exception {
    TableDefinition v2 = v1().nullable("owner", "TEXT").build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"owner\" to table \"job\"");
    }
    TestFiles.execute(file, "UPDATE job SET owner = 'ann' WHERE id = 'a'");
    oldCodeRunsThenNewCodeAgain(v2);
    assertThat(TestFiles.query(file, "SELECT id, owner FROM job ORDER BY id"))
        .containsExactly("a|ann", "old|null")
        .inOrder();
  }

  @Test
  void addedColumnWithDefaultIsToleratedByOldCodeWhoseInsertsGetTheDefault() throws Exception {
    TableDefinition v2 = v1().column("priority", "INTEGER", true, "5", null).build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"priority\" to table \"job\"");
    }
    TestFiles.execute(file, "UPDATE job SET priority = 9 WHERE id = 'a'");
    oldCodeRunsThenNewCodeAgain(v2);
    assertThat(TestFiles.query(file, "SELECT id, priority FROM job ORDER BY id"))
        .containsExactly("a|9", "old|5")
        .inOrder();
  }

  @Test
  void addedNotNullColumnWithoutDefaultIsRefusedToOldCodeNamingTableColumnFoundAndExpected()
      throws Exception {
    TableDefinition v2 = v1().notNull("owner", "TEXT").build();
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(v2)
            .migration(
                "job",
                V1.fingerprint(),
                c -> TableRebuild.of(v2).column("owner", "'nobody'").run(c))
            .open()) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    List<String> metadata = metadata();
    byte[] bytes = Files.readAllBytes(file);
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e.table()).isEqualTo("job");
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "Table \"job\" in "
                + file.toAbsolutePath().normalize()
                + " does not match the code, and Flujo changes a table on its own only by adding"
                + " tables, indexes and nullable or defaulted columns:"
                + "\n  - column \"owner\": the file has TEXT NOT NULL, the code does not declare"
                + " it, and rows this code inserts could not fill it (NOT NULL without a default;"
                + " a newer version added it, or it was removed or renamed)"
                + "\nThe file records schema fingerprint "
                + v2.fingerprint()
                + " for this table, written by a newer version of the application; this code's"
                + " fingerprint "
                + V1.fingerprint()
                + " is one that version replaced."
                + "\nTo proceed: run the newer version of the application, or make the newer"
                + " version's changes ones older code can live with (nullable or defaulted"
                + " columns). Nothing was changed.");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(metadata()).isEqualTo(metadata);
  }

  @Test
  void addedIndexIsKeptByOldCodeAndNotRecreatedByNewCode() throws Exception {
    TableDefinition v2 = v1().index("job_attempts", false, "attempts").build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly("created index \"job_attempts\" on table \"job\"");
    }
    oldCodeRunsThenNewCodeAgain(v2);
    assertThat(TestFiles.sql(file, "job_attempts"))
        .isEqualTo("CREATE INDEX \"job_attempts\" ON \"job\" (\"attempts\")");
    assertThat(metadata()).contains("index|job_attempts|job");
  }

  @Test
  void enumThatGainedAConstantIsToleratedByOldCodeWhichStillWritesItsOwnConstants()
      throws Exception {
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "RUNNING", "DONE")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly(
              "rebuilt table \"job\": CHECK on \"status\" now also allows 'RUNNING'");
    }
    TestFiles.execute(
        file, "INSERT INTO job (id, status, attempts) VALUES ('running', 'RUNNING', 0)");
    oldCodeRunsThenNewCodeAgain(v2);
    assertThat(TestFiles.sql(file, "job")).contains("'RUNNING'");
    assertThat(TestFiles.query(file, "SELECT status FROM job WHERE id = 'running'"))
        .containsExactly("RUNNING");
  }

  @Test
  void droppedNullableColumnStaysInTheFileSoOldCodeKeepsWorking() throws Exception {
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .index("job_status", false, "status")
            .build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    TestFiles.execute(file, "INSERT INTO job (id, status, attempts) VALUES ('new', 'NEW', 0)");
    oldCodeRunsThenNewCodeAgain(v2);
    assertThat(TestFiles.query(file, "SELECT id, note FROM job ORDER BY id"))
        .containsExactly("a|by v1", "new|null", "old|by v1")
        .inOrder();
  }

  @Test
  void columnDroppedByAMigrationStepIsAddedBackByOldCodeAndToleratedByNewCode()
      throws Exception {
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .index("job_status", false, "status")
            .build();
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(v2)
            .migration("job", V1.fingerprint(), c -> TableRebuild.of(v2).run(c))
            .open()) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    assertThat(TestFiles.sql(file, "job")).doesNotContain("note");
    List<String> metadata = metadata();
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"note\" to table \"job\"");
      write(db, INSERT_V1, "old", "NEW");
    }
    assertThat(metadata()).isEqualTo(metadata);
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(metadata()).isEqualTo(metadata);
    assertThat(TestFiles.query(file, "SELECT id, note FROM job ORDER BY id"))
        .containsExactly("a|null", "old|by v1")
        .inOrder();
  }

  @Test
  void indexRemovedByNewCodeIsStillDroppedAndOldCodeRecreatesIt() throws Exception {
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly("dropped index \"job_status\" of table \"job\"");
    }
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges())
          .containsExactly("created index \"job_status\" on table \"job\"");
    }
    assertThat(metadata()).contains("table|job|" + v2.fingerprint());
  }

  @Test
  void thirdVersionAfterOldCodeRanRecordsItselfAndSupersedesTheSecond() throws Exception {
    TableDefinition v2 = v1().nullable("owner", "TEXT").build();
    TableDefinition v3 = v1().nullable("owner", "TEXT").nullable("team", "TEXT").build();
    open(v2).close();
    open(V1).close();
    try (StateDatabase db = open(v3)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"team\" to table \"job\"");
    }
    assertThat(metadata())
        .containsExactly(
            "format|flujo|1",
            "index|job_status|job",
            "superseded|job/" + V1.fingerprint() + "|" + v2.fingerprint(),
            "superseded|job/" + v2.fingerprint() + "|" + v3.fingerprint(),
            "table|job|" + v3.fingerprint());
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(metadata()).contains("table|job|" + v3.fingerprint());
  }
}
