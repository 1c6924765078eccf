package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.StateDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values get a clear exception naming table and column, and never a partial row. */
class BadInputTest {
  @TempDir Path dir;
  private Path file;
  private StateDatabase db;
  private AllTypesDao dao;
  private WorkflowStateDao states;

  @BeforeEach
  void open() {
    file = dir.resolve("bad.db");
    db =
        StateDatabase.builder()
            .file(file)
            .tables(AllTypesDao.TABLE, WorkflowStateDao.TABLE)
            .open();
    dao = new AllTypesDao(db);
    states = new WorkflowStateDao(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static AllTypes row(String id, List<String> tags) {
    return new AllTypes(
        id, "t", null, 1, null, 1, null, (short) 1, null, (byte) 1, null, true, null, 1.0, null,
        1f, null, new byte[0], null, Instant.EPOCH, null, LocalDate.EPOCH, null, Duration.ZERO,
        null, UUID.randomUUID(), null, BigDecimal.ONE, null, Status.RUNNING, null, tags, null);
  }

  private void raw(String... sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  @Test
  void nullForNotNullColumnNamesTableAndColumn() {
    AllTypes bad = row("a", null);
    ConstraintViolationException e =
        assertThrows(ConstraintViolationException.class, () -> dao.upsert(bad));
    assertThat(e.table()).isEqualTo("all_types");
    assertThat(e.column()).isEqualTo("tags");
    assertThat(e).hasMessageThat().contains("all_types.tags");
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void converterFailingOnWriteLeavesNoRow() {
    DataConversionException e =
        assertThrows(
            DataConversionException.class, () -> dao.upsert(row("a", List.of("x,y"))));
    assertThat(e.table()).isEqualTo("all_types");
    assertThat(e.column()).isEqualTo("tags");
    assertThat(e).hasMessageThat().contains("CsvConverter.toColumn");
    assertThat(e).hasCauseThat().isInstanceOf(IllegalArgumentException.class);
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void converterFailingOnReadNamesTheColumn() throws Exception {
    dao.upsert(row("a", List.of("ok")));
    raw("UPDATE all_types SET tags = '!broken' WHERE id = 'a'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> dao.findById("a"));
    assertThat(e.column()).isEqualTo("tags");
    assertThat(e).hasMessageThat().contains("CsvConverter.fromColumn");
  }

  @Test
  void enumValueOutsideTheCheckWrittenByRawSqlIsReportedOnRead() throws Exception {
    states.upsert(new WorkflowState("r", "p", 0, null, Status.RUNNING, null, null, null, null));
    raw(
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE workflow_state SET status = 'EXPLODED' WHERE run_id = 'r'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> states.findById("r"));
    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(e.column()).isEqualTo("status");
    assertThat(e).hasMessageThat().contains("EXPLODED");
  }

  @Test
  void enumCheckRejectsRawWritesOfUnknownConstants() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                raw(
                    "INSERT INTO workflow_state (run_id, pipeline_id, current_step_index, status,"
                        + " created_at, updated_at) VALUES ('x', 'p', 0, 'NOPE', 0, 0)"));
    assertThat(e).hasMessageThat().contains("CHECK constraint failed");
  }

  @Test
  void integerOutOfRangeForTheJavaTypeIsReportedOnRead() throws Exception {
    dao.upsert(row("a", List.of()));
    raw("UPDATE all_types SET int_value = 4294967296 WHERE id = 'a'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> dao.findById("a"));
    assertThat(e.column()).isEqualTo("int_value");
    assertThat(e).hasMessageThat().contains("4294967296");
  }

  @Test
  void malformedUuidInTheFileIsReportedOnRead() throws Exception {
    dao.upsert(row("a", List.of()));
    raw("UPDATE all_types SET uuid = 'not-a-uuid' WHERE id = 'a'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> dao.findById("a"));
    assertThat(e.column()).isEqualTo("uuid");
  }
}
