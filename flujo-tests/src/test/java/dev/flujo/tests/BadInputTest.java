package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.FlujoDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad values get a clear exception naming table and column, and never a partial row. On
 * PostgreSQL the server's column types refuse some raw writes that SQLite's file accepts; those
 * refusals are asserted instead of the read-side reports.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class BadInputTest {
  @RegisterExtension final FlujoDatabase database;

  private final Dialect dialect;
  private AllTypesDao dao;
  private WorkflowStateDao states;

  BadInputTest(Dialect dialect) {
    this.dialect = dialect;
    database =
        FlujoDatabase.withTables(AllTypesDao.TABLE, WorkflowStateDao.TABLE).dialect(dialect);
  }

  @BeforeEach
  void open(StateDatabase db) {
    dao = new AllTypesDao(db);
    states = new WorkflowStateDao(db);
  }

  private static AllTypes row(String id, List<String> tags) {
    return new AllTypes(
        id, "t", null, 1, null, 1, null, (short) 1, null, (byte) 1, null, true, null, 1.0, null,
        1f, null, new byte[0], null, Instant.EPOCH, null, LocalDate.EPOCH, null, Duration.ZERO,
        null, UUID.randomUUID(), null, BigDecimal.ONE, null, Status.RUNNING, null, tags, null);
  }

  private void raw(String... sql) throws SQLException {
    try (Connection c = database.connect();
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
    if (dialect == Dialect.POSTGRESQL) {
      raw(
          "ALTER TABLE workflow_state DROP CONSTRAINT \"" + statusCheck() + "\"",
          "UPDATE workflow_state SET status = 'EXPLODED' WHERE run_id = 'r'");
    } else {
      raw(
          "PRAGMA ignore_check_constraints = ON",
          "UPDATE workflow_state SET status = 'EXPLODED' WHERE run_id = 'r'");
    }

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> states.findById("r"));
    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(e.column()).isEqualTo("status");
    assertThat(e).hasMessageThat().contains("EXPLODED");
  }

  private String statusCheck() throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'workflow_state'::regclass"
                    + " AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void enumCheckRejectsRawWritesOfUnknownConstants() {
    if (dialect == Dialect.POSTGRESQL) {
      states.upsert(new WorkflowState("x", "p", 0, null, Status.RUNNING, null, null, null, null));
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> raw("UPDATE workflow_state SET status = 'NOPE' WHERE run_id = 'x'"));
      assertThat(e.getSQLState()).isEqualTo("23514");
      assertThat((Throwable) e).hasMessageThat().contains("violates check constraint");
      return;
    }
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
    if (dialect == Dialect.POSTGRESQL) {
      // the server's integer column refuses the value itself
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> raw("UPDATE all_types SET int_value = 4294967296 WHERE id = 'a'"));
      assertThat(refused.getSQLState()).isEqualTo("22003");
      return;
    }
    raw("UPDATE all_types SET int_value = 4294967296 WHERE id = 'a'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> dao.findById("a"));
    assertThat(e.column()).isEqualTo("int_value");
    assertThat(e).hasMessageThat().contains("4294967296");
  }

  @Test
  void malformedUuidInTheFileIsReportedOnRead() throws Exception {
    dao.upsert(row("a", List.of()));
    if (dialect == Dialect.POSTGRESQL) {
      // the server's uuid column refuses the text itself
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> raw("UPDATE all_types SET uuid = 'not-a-uuid' WHERE id = 'a'"));
      assertThat(refused.getSQLState()).isEqualTo("22P02");
      return;
    }
    raw("UPDATE all_types SET uuid = 'not-a-uuid' WHERE id = 'a'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> dao.findById("a"));
    assertThat(e.column()).isEqualTo("uuid");
  }
}
