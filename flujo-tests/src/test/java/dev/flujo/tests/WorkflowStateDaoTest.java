package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.FlujoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Dialect.class)
class WorkflowStateDaoTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));

  @RegisterExtension final FlujoDatabase database;

  WorkflowStateDaoTest(Dialect dialect) {
    database = FlujoDatabase.withTables(WorkflowStateDao.TABLE).clock(clock).dialect(dialect);
  }

  private StateDatabase db;
  private WorkflowStateDao dao;

  @BeforeEach
  void open(StateDatabase db) {
    this.db = db;
    dao = new WorkflowStateDao(db);
  }

  private static WorkflowState state(String id, Status status) {
    return new WorkflowState(id, "pipeline", 3, null, status, null, null, 42L, 1.5);
  }

  @Test
  void upsertThenFindReturnsTheRowWithClockTimestamps() {
    dao.upsert(state("run-1", Status.RUNNING));

    WorkflowState found = dao.findById("run-1").orElseThrow();
    assertThat(found.pipelineId()).isEqualTo("pipeline");
    assertThat(found.currentStepIndex()).isEqualTo(3);
    assertThat(found.status()).isEqualTo(Status.RUNNING);
    assertThat(found.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(found.updatedAt()).isEqualTo(found.createdAt());
    assertThat(found.executionTimeMs()).isEqualTo(42L);
    assertThat(found.memoryUsageMb()).isEqualTo(1.5);
    assertThat(found.errorMessage()).isNull();
  }

  @Test
  void upsertKeepsCreatedAtOfFirstWriteAndAdvancesUpdatedAt() {
    dao.upsert(state("run-1", Status.RUNNING));
    Instant first = clock.instant();
    clock.advance(Duration.ofMinutes(5));

    dao.upsert(state("run-1", Status.COMPLETED));

    WorkflowState found = dao.findById("run-1").orElseThrow();
    assertThat(found.status()).isEqualTo(Status.COMPLETED);
    assertThat(found.createdAt()).isEqualTo(first);
    assertThat(found.updatedAt()).isEqualTo(first.plus(Duration.ofMinutes(5)));
    assertThat(dao.count()).isEqualTo(1);
  }

  @Test
  void insertOfExistingKeyThrowsDuplicateKey() {
    dao.insert(state("run-1", Status.RUNNING));

    DuplicateKeyException e =
        assertThrows(DuplicateKeyException.class, () -> dao.insert(state("run-1", Status.FAILED)));
    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(dao.findById("run-1").orElseThrow().status()).isEqualTo(Status.RUNNING);
  }

  @Test
  void updateOfMissingKeyReturnsFalse() {
    assertThat(dao.update(state("nope", Status.RUNNING))).isFalse();
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void updateKeepsCreatedAt() {
    dao.insert(state("run-1", Status.RUNNING));
    Instant first = clock.instant();
    clock.advance(Duration.ofSeconds(1));

    assertThat(dao.update(state("run-1", Status.PAUSED))).isTrue();

    WorkflowState found = dao.findById("run-1").orElseThrow();
    assertThat(found.status()).isEqualTo(Status.PAUSED);
    assertThat(found.createdAt()).isEqualTo(first);
    assertThat(found.updatedAt()).isEqualTo(first.plusSeconds(1));
  }

  @Test
  void deleteExistsCountAndFindAllWorkInKeyOrder() {
    dao.upsertAll(
        List.of(state("b", Status.RUNNING), state("a", Status.FAILED), state("c", Status.PAUSED)));

    assertThat(dao.findAll().stream().map(WorkflowState::runId).collect(Collectors.toList()))
        .containsExactly("a", "b", "c")
        .inOrder();
    assertThat(dao.existsById("a")).isTrue();
    assertThat(dao.deleteById("a")).isTrue();
    assertThat(dao.deleteById("a")).isFalse();
    assertThat(dao.existsById("a")).isFalse();
    assertThat(dao.deleteAll()).isEqualTo(2);
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void nullInNotNullColumnIsRejectedWithoutWritingAnything() {
    WorkflowState bad = new WorkflowState("run-1", null, 0, null, Status.RUNNING, null, null, null, null);

    ConstraintViolationException e =
        assertThrows(ConstraintViolationException.class, () -> dao.upsert(bad));
    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(e.column()).isEqualTo("pipeline_id");
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void upsertAllIsAllOrNothing() {
    List<WorkflowState> rows =
        IntStream.range(0, 1000)
            .mapToObj(i -> i == 700 ? new WorkflowState("r" + i, null, 0, null, Status.RUNNING, null, null, null, null) : state("r" + i, Status.RUNNING))
            .collect(Collectors.toList());

    assertThrows(ConstraintViolationException.class, () -> dao.upsertAll(rows));
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void streamAllReadsLazily() {
    dao.upsertAll(
        IntStream.range(0, 1000)
            .mapToObj(i -> state(String.format("r%04d", i), Status.RUNNING))
            .collect(Collectors.toList()));
    try (Stream<WorkflowState> all = dao.streamAll()) {
      assertThat(all.limit(3).map(WorkflowState::runId).collect(Collectors.toList()))
          .containsExactly("r0000", "r0001", "r0002");
    }
    assertThat(db.metrics().poolActive()).isEqualTo(0);
  }

  @Test
  void valueContainingSqlIsStoredVerbatim() {
    String evil = "'); DROP TABLE workflow_state; --";
    dao.upsert(new WorkflowState(evil, evil, 0, evil, Status.RUNNING, null, null, null, null));

    WorkflowState found = dao.findById(evil).orElseThrow();
    assertThat(found.pipelineId()).isEqualTo(evil);
    assertThat(found.errorMessage()).isEqualTo(evil);
    assertThat(dao.count()).isEqualTo(1);
  }
}
