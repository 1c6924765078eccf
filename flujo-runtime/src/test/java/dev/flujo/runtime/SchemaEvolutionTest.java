package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionTest {
  private static final String HEADER =
      "Table \"job\" in %s does not match the code, and Flujo changes a table on its own only by"
          + " adding tables, indexes and nullable or defaulted columns:";
  private static final String PROCEED =
      "\nTo proceed: if a newer version of the application wrote this file, open it with that"
          + " version. Otherwise register a migration step for the table, for example"
          + "\n  StateDatabase.builder().migration(\"job\", \"%s\","
          + " connection -> TableRebuild.of(<Dao>.TABLE).run(connection))"
          + "\nwhich rebuilds the table in the code's shape, copying columns by name (add"
          + " .column(name, sqlExpression) for renamed or computed columns). See docs/schema.md."
          + " Nothing was changed.";

  @TempDir Path dir;
  private Path file;

  /** Version 1 of the table every test starts from. */
  private static TestTables v1() {
    return TestTables.jobV1();
  }

  private static final TableDefinition V1 = v1().build();

  @BeforeEach
  void setUp() {
    file = dir.resolve("state.db");
  }

  private StateDatabase open(TableDefinition... tables) {
    return StateDatabase.builder().file(file).tables(tables).open();
  }

  private void createV1WithRows() throws Exception {
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    TestFiles.execute(
        file,
        "INSERT INTO job (id, status, attempts, note) VALUES ('a', 'NEW', 1, 'first')",
        "INSERT INTO job (id, status, attempts, note) VALUES ('b', 'DONE', 2, NULL)");
  }

  private String path() {
    return file.toAbsolutePath().normalize().toString();
  }

  private String refusal(String stored, String code, String... items) {
    StringBuilder b = new StringBuilder(String.format(HEADER, path()));
    for (String item : items) {
      b.append("\n  - ").append(item);
    }
    b.append("\nThe file records schema fingerprint ")
        .append(stored)
        .append(" for this table; the code's fingerprint is ")
        .append(code)
        .append('.');
    b.append(String.format(PROCEED, stored));
    return b.toString();
  }

  /** Opens with {@code changed}, expects a refusal with {@code items}, and checks nothing moved. */
  private void assertRefused(TableDefinition changed, String... items) throws Exception {
    createV1WithRows();
    List<String> before = TestFiles.dump(file);
    byte[] bytes = Files.readAllBytes(file);
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(changed));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(refusal(V1.fingerprint(), changed.fingerprint(), items));
    assertThat(e.table()).isEqualTo("job");
    assertThat(TestFiles.dump(file)).isEqualTo(before);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void newFileGetsTablesIndexesAndMetadata() throws Exception {
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges())
          .containsExactly("created table \"job\"", "created index \"job_status\" on table \"job\"")
          .inOrder();
    }
    assertThat(TestFiles.sql(file, "job"))
        .isEqualTo(V1.createTableSql().replace(" IF NOT EXISTS", ""));
    assertThat(TestFiles.query(file, "SELECT kind, name, value FROM \"flujo$schema\""))
        .containsExactly("format|flujo|1", "index|job_status|job", "table|job|" + V1.fingerprint());
  }

  @Test
  void reopeningAnUpToDateFileChangesNothing() throws Exception {
    createV1WithRows();
    List<String> before = TestFiles.dump(file);
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(TestFiles.dump(file)).isEqualTo(before);
  }

  @Test
  void newNullableColumnIsAddedAndRowsKeepTheirValues() throws Exception {
    createV1WithRows();
    TableDefinition v2 = v1().nullable("owner", "TEXT").build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"owner\" to table \"job\"");
    }
    assertThat(
            TestFiles.query(file, "SELECT id, status, attempts, note, owner FROM job ORDER BY id"))
        .containsExactly("a|NEW|1|first|null", "b|DONE|2|null|null")
        .inOrder();
    assertThat(TestFiles.query(file, "SELECT value FROM \"flujo$schema\" WHERE name = 'job'"))
        .containsExactly(v2.fingerprint());
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
  }

  @Test
  void newDefaultedNotNullColumnIsAddedWithTheDefaultInExistingRows() throws Exception {
    createV1WithRows();
    TableDefinition v2 = v1().column("priority", "INTEGER", true, "5", null).build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"priority\" to table \"job\"");
    }
    assertThat(TestFiles.query(file, "SELECT id, priority FROM job ORDER BY id"))
        .containsExactly("a|5", "b|5")
        .inOrder();
  }

  @Test
  void newEnumColumnIsAddedWithItsCheck() throws Exception {
    createV1WithRows();
    TableDefinition v2 = v1().column("kind", "TEXT", false, null, "\"kind\" IN ('X', 'Y')").build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"kind\" to table \"job\"");
    }
    Exception e =
        assertThrows(
            Exception.class,
            () -> TestFiles.execute(file, "UPDATE job SET kind = 'Z' WHERE id = 'a'"));
    assertThat(e).hasMessageThat().contains("CHECK constraint failed");
  }

  @Test
  void addedColumnWhoseDefaultBreaksItsCheckIsRefusedAndNothingChanges() throws Exception {
    createV1WithRows();
    List<String> before = TestFiles.dump(file);
    TableDefinition v2 = v1().column("kind", "TEXT", true, "'Z'", "\"kind\" IN ('X', 'Y')").build();
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(v2));
    assertThat(e)
        .hasMessageThat()
        .startsWith("Column \"kind\" could not be added to table \"job\": ");
    assertThat(e).hasMessageThat().contains("CHECK constraint failed");
    assertThat(e).hasMessageThat().endsWith(". Nothing was changed.");
    assertThat(TestFiles.dump(file)).isEqualTo(before);
  }

  @Test
  void newIndexIsCreatedAndOwned() throws Exception {
    createV1WithRows();
    TableDefinition v2 = v1().index("job_attempts", true, "attempts", "id").build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly("created index \"job_attempts\" on table \"job\"");
    }
    assertThat(TestFiles.sql(file, "job_attempts"))
        .isEqualTo("CREATE UNIQUE INDEX \"job_attempts\" ON \"job\" (\"attempts\", \"id\")");
    assertThat(
            TestFiles.query(file, "SELECT value FROM \"flujo$schema\" WHERE name = 'job_attempts'"))
        .containsExactly("job");
  }

  @Test
  void removedIndexIsDroppedButUserIndexesStay() throws Exception {
    createV1WithRows();
    TestFiles.execute(file, "CREATE INDEX user_note ON job (note)");
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
    assertThat(TestFiles.sql(file, "job_status")).isNull();
    assertThat(TestFiles.sql(file, "user_note")).isEqualTo("CREATE INDEX user_note ON job (note)");
    assertThat(TestFiles.query(file, "SELECT name FROM \"flujo$schema\" WHERE kind = 'index'"))
        .isEmpty();
  }

  @Test
  void changedIndexFlujoCreatedIsRecreated() throws Exception {
    createV1WithRows();
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .index("job_status", false, "status", "attempts")
            .build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly(
              "dropped index \"job_status\" of table \"job\"",
              "created index \"job_status\" on table \"job\"")
          .inOrder();
    }
    assertThat(TestFiles.sql(file, "job_status"))
        .isEqualTo("CREATE INDEX \"job_status\" ON \"job\" (\"status\", \"attempts\")");
  }

  @Test
  void differentUserIndexUnderADeclaredNameIsRefused() throws Exception {
    TestFiles.execute(file, V1.createTableSql(), "CREATE INDEX job_status ON job (note)");
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .contains(
            "\n  - index \"job_status\": the file has CREATE INDEX job_status ON job (note), which"
                + " Flujo did not create; the code expects CREATE INDEX IF NOT EXISTS"
                + " \"job_status\" ON \"job\" (\"status\"); drop or rename the file's index\n");
  }

  @Test
  void indexNameUsedByAnotherTableIsRefused() throws Exception {
    TestFiles.execute(file, "CREATE TABLE other (x)", "CREATE INDEX job_status ON other (x)");
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            String.format(HEADER, path())
                + "\n  - index \"job_status\": the name belongs to an index on table \"other\""
                + " \"job_status\" in the file; rename the index or drop that object"
                + "\nTo proceed: drop or rename the object in the file that holds the name, or"
                + " rename the table or index in the code. Nothing was changed.");
    assertThat(TestFiles.sql(file, "job")).isNull();
  }

  @Test
  void viewWhereTheTableShouldBeIsRefused() throws Exception {
    TestFiles.execute(file, "CREATE VIEW job AS SELECT 1 AS id");
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            String.format(HEADER, path())
                + "\n  - the file has a view of that name where the code expects a table"
                + "\nTo proceed: drop or rename the object in the file that holds the name, or"
                + " rename the table or index in the code. Nothing was changed.");
  }

  @Test
  void identicalTableMadeOutsideFlujoIsAdoptedUnchanged() throws Exception {
    TestFiles.execute(file, V1.createTableSql(), V1.indexes().get(0).createSql());
    List<String> before = TestFiles.dump(file);
    try (StateDatabase db = open(V1)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(TestFiles.query(file, "SELECT kind, name, value FROM \"flujo$schema\""))
        .containsExactly("format|flujo|1", "index|job_status|job", "table|job|" + V1.fingerprint());
    assertThat(TestFiles.dumpWithoutMetadata(file)).isEqualTo(before);
  }

  private static final String UNFILLABLE =
      "column \"attempts\": the file has INTEGER NOT NULL, the code does not declare it, and rows"
          + " this code inserts could not fill it (NOT NULL without a default; a newer version"
          + " added it, or it was removed or renamed)";

  @Test
  void removedNotNullColumnWithoutDefaultIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(changed, UNFILLABLE);
  }

  @Test
  void renamedNotNullColumnWithoutDefaultIsRefusedAsUnfillable() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .column("tries", "INTEGER", true, "0", null)
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(changed, UNFILLABLE);
  }

  @Test
  void removedNullableColumnIsKeptAndIgnoredAndRowsStillInsert() throws Exception {
    createV1WithRows();
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
    TestFiles.execute(file, "INSERT INTO job (id, status, attempts) VALUES ('c', 'NEW', 3)");
    assertThat(TestFiles.query(file, "SELECT id, note FROM job ORDER BY id"))
        .containsExactly("a|first", "b|null", "c|null")
        .inOrder();
    assertThat(TestFiles.query(file, "SELECT value FROM \"flujo$schema\" WHERE kind = 'table'"))
        .containsExactly(v2.fingerprint());
  }

  @Test
  void retypedColumnIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "TEXT")
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed,
        "column \"attempts\": the file has INTEGER NOT NULL, the code expects TEXT NOT NULL"
            + " (type changed)");
  }

  @Test
  void nullableColumnMadeNotNullIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .notNull("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed,
        "column \"note\": the file has TEXT, the code expects TEXT NOT NULL (made NOT NULL)");
  }

  @Test
  void changedDefaultIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .column("note", "TEXT", false, "'none'", null)
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed,
        "column \"note\": the file has TEXT, the code expects TEXT DEFAULT 'none' (default"
            + " changed)");
  }

  @Test
  void keyChangeIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .key("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed, "primary key: the file has (\"id\"), the code expects (\"id\", \"attempts\")");
  }

  @Test
  void withoutRowIdToggledIsRefusedWithTheExactMessage() throws Exception {
    assertRefused(
        v1().withoutRowId(false).build(),
        "table option: the file's table is WITHOUT ROWID, the code expects a rowid table");
  }

  @Test
  void strictToggledIsRefusedWithTheExactMessage() throws Exception {
    assertRefused(
        v1().strict(false).build(),
        "table option: the file's table is STRICT, the code expects not STRICT");
  }

  @Test
  void notNullColumnWithoutDefaultIsRefusedWithTheExactMessage() throws Exception {
    assertRefused(
        v1().notNull("owner", "TEXT").build(),
        "column \"owner\": the file does not have it, the code expects TEXT NOT NULL (a NOT NULL"
            + " column needs a non-NULL default to be added to existing rows; give it"
            + " @Column(defaultValue) or make it @Nullable)");
  }

  @Test
  void enumLosingAConstantIsRefusedWithTheExactMessage() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed,
        "column \"status\": the file has TEXT NOT NULL CHECK (\"status\" IN ('NEW', 'DONE')), the"
            + " code expects TEXT NOT NULL CHECK (\"status\" IN ('NEW')) (CHECK narrowed: no"
            + " longer allows 'DONE')");
  }

  @Test
  void severalDifferencesAreAllListed() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .nullable("note", "REAL")
            .notNull("owner", "TEXT")
            .index("job_status", false, "status")
            .build();
    assertRefused(
        changed,
        "column \"note\": the file has TEXT, the code expects REAL (type changed)",
        "column \"owner\": the file does not have it, the code expects TEXT NOT NULL (a NOT NULL"
            + " column needs a non-NULL default to be added to existing rows; give it"
            + " @Column(defaultValue) or make it @Nullable)",
        UNFILLABLE);
  }

  @Test
  void refusalOfOneTableCreatesNoOtherTableAndNamesEveryRefusedTable() throws Exception {
    createV1WithRows();
    List<String> before = TestFiles.dump(file);
    TestFiles.execute(file, "CREATE VIEW other AS SELECT 1 AS k");
    List<String> withView = TestFiles.dump(file);
    TableDefinition changed = v1().strict(false).build();
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () ->
                open(
                    table("fresh").key("k", "TEXT").build(),
                    changed,
                    table("other").key("k", "TEXT").build()));
    assertThat(e.table()).isEqualTo("job");
    assertThat(e).hasMessageThat().startsWith(String.format(HEADER, path()));
    assertThat(e)
        .hasMessageThat()
        .contains(
            "Nothing was changed.\n\nTable \"other\" in " + path() + " does not match the code");
    assertThat(TestFiles.dump(file)).isEqualTo(withView);
    assertThat(before).isNotEqualTo(withView);
  }

  @Test
  void tableChangedOutsideFlujoIsRefusedAndSaysSo() throws Exception {
    createV1WithRows();
    TestFiles.execute(file, "ALTER TABLE job RENAME COLUMN attempts TO tries");
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            String.format(HEADER, path())
                + "\n  - column \"attempts\": the file does not have it, the code expects INTEGER"
                + " NOT NULL (a NOT NULL column needs a non-NULL default to be added to existing"
                + " rows; give it @Column(defaultValue) or make it @Nullable)"
                + "\n  - column \"tries\": the file has INTEGER NOT NULL, the code does not declare"
                + " it, and rows this code inserts could not fill it (NOT NULL without a default; a"
                + " newer version added it, or it was removed or renamed)"
                + "\nThe file records the code's own fingerprint "
                + V1.fingerprint()
                + ": the table was changed outside Flujo."
                + "\nTo proceed: undo the change made outside Flujo, or rebuild the table in the"
                + " code's shape with TableRebuild.of(<Dao>.TABLE).run(connection) on a connection"
                + " outside a transaction (see docs/schema.md). Nothing was changed.");
  }

  @Test
  void enumGainingAConstantRebuildsTheTableKeepingRowsIndexesTriggersAndViews() throws Exception {
    createV1WithRows();
    TestFiles.execute(
        file,
        "CREATE TABLE audit (id TEXT, what TEXT)",
        "CREATE INDEX user_note ON job (note)",
        "CREATE TRIGGER job_audit AFTER UPDATE ON job BEGIN"
            + " INSERT INTO audit VALUES (new.id, new.status); END",
        "CREATE VIEW open_jobs AS SELECT id FROM job WHERE status <> 'DONE'");
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "RUNNING", "DONE")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .nullable("owner", "TEXT")
            .index("job_status", false, "status")
            .build();
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges())
          .containsExactly(
              "rebuilt table \"job\": CHECK on \"status\" now also allows 'RUNNING'; added column"
                  + " \"owner\"");
    }
    assertThat(TestFiles.sql(file, "job"))
        .isEqualTo(v2.createTableSql().replace(" IF NOT EXISTS", ""));
    assertThat(
            TestFiles.query(file, "SELECT id, status, attempts, note, owner FROM job ORDER BY id"))
        .containsExactly("a|NEW|1|first|null", "b|DONE|2|null|null")
        .inOrder();
    assertThat(TestFiles.sql(file, "user_note")).isEqualTo("CREATE INDEX user_note ON job (note)");
    assertThat(TestFiles.sql(file, "job_status")).isNotNull();
    TestFiles.execute(file, "UPDATE job SET status = 'RUNNING' WHERE id = 'a'");
    assertThat(TestFiles.query(file, "SELECT * FROM audit")).containsExactly("a|RUNNING");
    assertThat(TestFiles.query(file, "SELECT id FROM open_jobs")).containsExactly("a");
    assertThat(TestFiles.query(file, "PRAGMA integrity_check")).containsExactly("ok");
    try (StateDatabase db = open(v2)) {
      assertThat(db.schemaChanges()).isEmpty();
    }
  }

  @Test
  void fileWrittenByANewerFormatIsRefusedAndNotTouched() throws Exception {
    createV1WithRows();
    TestFiles.execute(file, "UPDATE \"flujo$schema\" SET value = '2' WHERE kind = 'format'");
    byte[] bytes = Files.readAllBytes(file);
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            path()
                + " was written by Flujo schema format 2; this version of Flujo understands format"
                + " 1 at most. Open it with the newer version of the application that wrote it."
                + " Nothing was changed.");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void fileCreatedByANewerVersionWithAnUnfillableColumnIsRefusedAndNotTouched() throws Exception {
    TableDefinition newer = v1().notNull("owner", "TEXT").build();
    try (StateDatabase db = open(newer)) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    byte[] bytes = Files.readAllBytes(file);
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(V1));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            refusal(
                newer.fingerprint(),
                V1.fingerprint(),
                "column \"owner\": the file has TEXT NOT NULL, the code does not declare it, and"
                    + " rows this code inserts could not fill it (NOT NULL without a default; a"
                    + " newer version added it, or it was removed or renamed)"));
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void migrationStepRebuildsARenamedColumnOnceAndRecordsTheNewFingerprint() throws Exception {
    createV1WithRows();
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "INTEGER")
            .notNull("remark", "TEXT")
            .index("job_status", false, "status")
            .build();
    AtomicInteger runs = new AtomicInteger();
    Migration step =
        connection -> {
          runs.incrementAndGet();
          TableRebuild.of(v2).column("remark", "coalesce(\"note\", '')").run(connection);
        };
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(v2)
            .migration("job", V1.fingerprint(), step)
            .open()) {
      assertThat(db.schemaChanges())
          .containsExactly(
              "ran the migration step for table \"job\" from fingerprint " + V1.fingerprint());
    }
    assertThat(TestFiles.query(file, "SELECT id, remark FROM job ORDER BY id"))
        .containsExactly("a|first", "b|")
        .inOrder();
    assertThat(TestFiles.query(file, "SELECT value FROM \"flujo$schema\" WHERE name = 'job'"))
        .containsExactly(v2.fingerprint());
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(v2)
            .migration("job", V1.fingerprint(), step)
            .open()) {
      assertThat(db.schemaChanges()).isEmpty();
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void migrationStepCanDropAColumnThatAnIndexNoLongerDeclaredUsed() throws Exception {
    createV1WithRows();
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .notNull("attempts", "INTEGER")
            .nullable("note", "TEXT")
            .build();
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(v2)
            .migration("job", V1.fingerprint(), connection -> TableRebuild.of(v2).run(connection))
            .open()) {
      assertThat(db.schemaChanges())
          .containsExactly(
              "dropped index \"job_status\" of table \"job\"",
              "ran the migration step for table \"job\" from fingerprint " + V1.fingerprint())
          .inOrder();
    }
    assertThat(TestFiles.query(file, "SELECT id, attempts, note FROM job ORDER BY id"))
        .containsExactly("a|1|first", "b|2|null")
        .inOrder();
    assertThat(TestFiles.query(file, "SELECT kind, name, value FROM \"flujo$schema\""))
        .containsExactly(
            "format|flujo|1",
            "table|job|" + v2.fingerprint(),
            "superseded|job/" + V1.fingerprint() + "|" + v2.fingerprint());
  }

  @Test
  void migrationStepThatThrowsLeavesTheFileExactlyAsBefore() throws Exception {
    createV1WithRows();
    List<String> dump = TestFiles.dump(file);
    byte[] bytes = Files.readAllBytes(file);
    TableDefinition v2 = v1().notNull("owner", "TEXT").build();
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () ->
                StateDatabase.builder()
                    .file(file)
                    .tables(v2, table("other").key("k", "TEXT").build())
                    .migration(
                        "job",
                        V1.fingerprint(),
                        connection -> {
                          try (Statement s = connection.createStatement()) {
                            s.execute("UPDATE job SET note = 'changed'");
                            s.execute("ALTER TABLE job ADD COLUMN owner TEXT NOT NULL DEFAULT ''");
                            s.execute("CREATE TABLE scratch (x)");
                          }
                          throw new IllegalStateException("owner lookup service is down");
                        })
                    .open());
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "The migration step for table \"job\" from fingerprint "
                + V1.fingerprint()
                + " failed: owner lookup service is down. Nothing was changed.");
    assertThat(e).hasCauseThat().hasMessageThat().isEqualTo("owner lookup service is down");
    assertThat(TestFiles.dump(file)).isEqualTo(dump);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void differencesLeftByAMigrationStepAreRefusedAndRolledBack() throws Exception {
    createV1WithRows();
    List<String> dump = TestFiles.dump(file);
    TableDefinition v2 = v1().notNull("owner", "TEXT").build();
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () ->
                StateDatabase.builder()
                    .file(file)
                    .tables(v2)
                    .migration(
                        "job",
                        V1.fingerprint(),
                        connection -> {
                          try (Statement s = connection.createStatement()) {
                            s.execute("UPDATE job SET note = 'changed'");
                          }
                        })
                    .open());
    assertThat(e)
        .hasMessageThat()
        .contains(
            "\nThese differences remain after the migration step registered for fingerprint "
                + V1.fingerprint()
                + " ran.\n");
    assertThat(TestFiles.dump(file)).isEqualTo(dump);
  }

  @Test
  void migrationStepForATableOutsideFlujoRunsUnderUnrecorded() throws Exception {
    TestFiles.execute(
        file,
        "CREATE TABLE job (id TEXT PRIMARY KEY, state TEXT, tries INTEGER)",
        "INSERT INTO job VALUES ('a', 'NEW', 3)");
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(V1)
            .migration(
                "job",
                Migration.UNRECORDED,
                connection ->
                    TableRebuild.of(V1)
                        .column("status", "\"state\"")
                        .column("attempts", "\"tries\"")
                        .run(connection))
            .open()) {
      assertThat(db.schemaChanges())
          .containsExactly("ran the migration step for table \"job\" from fingerprint unrecorded");
    }
    assertThat(TestFiles.query(file, "SELECT id, status, attempts, note FROM job"))
        .containsExactly("a|NEW|3|null");
    assertThat(TestFiles.sql(file, "job"))
        .isEqualTo(V1.createTableSql().replace(" IF NOT EXISTS", ""));
  }

  @Test
  void migrationStepFromTheCodesOwnFingerprintIsAMistake() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                StateDatabase.builder()
                    .file(file)
                    .tables(V1)
                    .migration("job", V1.fingerprint(), connection -> {})
                    .open());
    assertThat(e).hasMessageThat().startsWith("the migration step for table \"job\" starts from");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void migrationStepForAnUnknownTableIsAMistake() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                StateDatabase.builder()
                    .file(file)
                    .tables(V1)
                    .migration("jobs", "0123456789abcdef", connection -> {})
                    .open());
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "a migration step is registered for table \"jobs\", which is not among the tables"
                + " passed to tables(...)");
  }

  @Test
  void metadataTableNameCannotBeUsedForAUserTable() {
    TableDefinition clash = table("flujo$schema").key("k", "TEXT").build();
    assertThrows(IllegalArgumentException.class, () -> StateDatabase.builder().tables(clash));
  }
}
