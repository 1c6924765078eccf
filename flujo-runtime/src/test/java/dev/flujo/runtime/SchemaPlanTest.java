package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaPlanTest {
  @TempDir Path dir;
  private Path file;

  private static TestTables v1() {
    return table("job")
        .key("id", "TEXT")
        .enumColumn("status", "NEW", "DONE")
        .notNull("attempts", "INTEGER")
        .index("job_status", false, "status");
  }

  private static final TableDefinition V1 = v1().build();

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("state.db");
    try (StateDatabase db = StateDatabase.builder().file(file).tables(V1).open()) {
      assertThat(db.schemaChanges()).isNotEmpty();
    }
    TestFiles.execute(file, "INSERT INTO job (id, status, attempts) VALUES ('a', 'NEW', 1)");
  }

  /** Plans with {@code tables} and checks that neither the file nor its directory changed. */
  private SchemaPlan planUnchanged(TableDefinition... tables) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    List<String> listing = listing();
    SchemaPlan plan = StateDatabase.plan(file, List.of(tables));
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(listing()).isEqualTo(listing);
    assertThat(plan.file()).isEqualTo(file.toAbsolutePath().normalize().toString());
    return plan;
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void upToDateFilePlansNothing() throws Exception {
    SchemaPlan plan = planUnchanged(V1);
    assertThat(plan.changes()).isEmpty();
    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.upToDate()).isTrue();
  }

  @Test
  void olderFilePlansTheAddedColumnAndFingerprintAndOpenDoesJustThat() throws Exception {
    TableDefinition v2 = v1().nullable("owner", "TEXT").build();
    SchemaPlan plan = planUnchanged(v2);
    assertThat(plan.refusal()).isEmpty();
    assertThat(plan.changes())
        .containsExactly(
            "add column \"owner\" to table \"job\"",
            "record fingerprint "
                + v2.fingerprint()
                + " for table \"job\" (the file records "
                + V1.fingerprint()
                + ")")
        .inOrder();
    try (StateDatabase db = StateDatabase.builder().file(file).tables(v2).open()) {
      assertThat(db.schemaChanges()).containsExactly("added column \"owner\" to table \"job\"");
    }
    assertThat(StateDatabase.plan(file, List.of(v2)).upToDate()).isTrue();
  }

  @Test
  void widenedEnumPlansARebuild() throws Exception {
    TableDefinition v2 =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE", "FAILED")
            .notNull("attempts", "INTEGER")
            .index("job_status", false, "status")
            .build();
    SchemaPlan plan = planUnchanged(v2);
    assertThat(plan.opens()).isTrue();
    assertThat(plan.changes().get(0)).startsWith("rebuild table \"job\": ");
  }

  @Test
  void newTableAndIndexArePlanned() throws Exception {
    TableDefinition other =
        table("other").key("id", "INTEGER").nullable("name", "TEXT").index("other_name", true, "name")
            .build();
    SchemaPlan plan = planUnchanged(V1, other);
    assertThat(plan.changes())
        .containsExactly(
            "create table \"other\"",
            "create index \"other_name\" on table \"other\"",
            "record fingerprint " + other.fingerprint() + " for table \"other\"")
        .inOrder();
  }

  @Test
  void incompatibleCodeGetsTheRefusalOpenWouldThrow() throws Exception {
    TableDefinition changed =
        table("job")
            .key("id", "TEXT")
            .enumColumn("status", "NEW", "DONE")
            .notNull("attempts", "TEXT")
            .index("job_status", false, "status")
            .build();
    SchemaPlan plan = planUnchanged(changed);
    assertThat(plan.opens()).isFalse();
    assertThat(plan.changes()).isEmpty();
    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> StateDatabase.builder().file(file).tables(changed).open());
    assertThat(plan.refusal()).hasValue(e.getMessage());
    assertThat(e.getMessage()).contains("\"attempts\"");
  }

  @Test
  void missingFileIsPlannedAsNewAndNotCreated() throws Exception {
    Path missing = dir.resolve("new.db");
    SchemaPlan plan = StateDatabase.plan(missing, List.of(V1));
    assertThat(plan.changes())
        .containsExactly(
            "create table \"flujo$schema\" (Flujo's schema metadata)",
            "create table \"job\"",
            "create index \"job_status\" on table \"job\"",
            "record fingerprint " + V1.fingerprint() + " for table \"job\"")
        .inOrder();
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void fileInUseWithWalIsPlannedWithoutTouchingIt() throws Exception {
    try (StateDatabase db = StateDatabase.builder().file(file).tables(V1).open()) {
      db.inTransaction(() -> {});
      TableDefinition v2 = v1().nullable("owner", "TEXT").build();
      assertThat(StateDatabase.plan(file, List.of(v2)).changes()).hasSize(2);
      assertThat(StateDatabase.plan(file, List.of(V1)).upToDate()).isTrue();
    }
  }
}
