package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's operations on a real file, and on a PostgreSQL server. */
@ParameterizedClass
@EnumSource(Dialect.class)
class WorkflowStateStoreTest {
  @TempDir Path dir;

  private final Dialect dialect;
  private Stores stores;
  private SqliteWorkflowStateStore store;

  WorkflowStateStoreTest(Dialect dialect) {
    this.dialect = dialect;
  }

  @BeforeEach
  void open() {
    stores = new Stores(dir, dialect);
    store = stores.store();
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private static WorkflowState state(String runId, String pipeline, WorkflowStatus status) {
    return WorkflowState.builder(runId).pipelineId(pipeline).status(status).build();
  }

  private static JsonNode json(String text) {
    return Json.readValue(text);
  }

  @Test
  void aSavedStateLoadsWithEveryComponentAndTheClockTimestamps() {
    WorkflowState saved =
        WorkflowState.builder("run-1")
            .pipelineId("etl")
            .pipelineName("Nightly ETL")
            .pipelineVersion("2.1")
            .currentStepIndex(3)
            .pipelineContext(Map.of("customer", "c-7", "tags", List.of("a", "b"), "n", 3))
            .lastStepOutput(json("{\"rows\": 120, \"ok\": true}"))
            .stepHistory(json("[{\"step\": 0}, {\"step\": 1}]"))
            .status(WorkflowStatus.PAUSED)
            .totalSteps(8)
            .errorMessage("waiting for approval")
            .executionTimeMs(1234L)
            .memoryUsageMb(56.5)
            .metadata(Map.of("owner", "ops"))
            .isBackgroundTask(true)
            .parentRunId("run-0")
            .build();

    store.saveState(saved);
    WorkflowState loaded = store.loadState("run-1").orElseThrow();

    assertThat(loaded).isEqualTo(withTimes(saved, Stores.T0, Stores.T0));
    assertThat(loaded.pipelineContext().get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(loaded.lastStepOutput().get("rows").asInt()).isEqualTo(120);
  }

  private static WorkflowState withTimes(WorkflowState s, Instant created, Instant updated) {
    return new WorkflowState(
        s.runId(),
        s.pipelineId(),
        s.pipelineName(),
        s.pipelineVersion(),
        s.currentStepIndex(),
        s.pipelineContext(),
        s.lastStepOutput(),
        s.stepHistory(),
        s.status(),
        created,
        updated,
        s.totalSteps(),
        s.errorMessage(),
        s.executionTimeMs(),
        s.memoryUsageMb(),
        s.metadata(),
        s.isBackgroundTask(),
        s.parentRunId());
  }

  @Test
  void savingAgainReplacesTheStateAndKeepsItsCreatedAt() {
    store.saveState(state("run-1", "etl", WorkflowStatus.RUNNING));
    stores.clock.advance(Duration.ofMinutes(5));

    store.saveState(
        state("run-1", "etl", WorkflowStatus.COMPLETED).toBuilder().executionTimeMs(9L).build());

    WorkflowState loaded = store.loadState("run-1").orElseThrow();
    assertThat(loaded.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(loaded.executionTimeMs()).isEqualTo(9L);
    assertThat(loaded.createdAt()).isEqualTo(Stores.T0);
    assertThat(loaded.updatedAt()).isEqualTo(Stores.T0.plus(Duration.ofMinutes(5)));
  }

  @Test
  void loadingAnUnknownRunIsEmpty() {
    assertThat(store.loadState("nope")).isEmpty();
    assertThat(store.runDetails("nope")).isEmpty();
    assertThat(store.loadTrace("nope")).isEmpty();
    assertThat(store.getSystemState("nope")).isEmpty();
  }

  @Test
  void deleteStateRemovesTheStateRunStepsAndSpansOfThatRunOnly() {
    for (String run : List.of("a", "b")) {
      store.saveRunStart(RunStart.of(run));
      store.recordStep(
          state(run, "p", WorkflowStatus.RUNNING),
          StepResult.of(run, 0, StepStatus.COMPLETED, null));
      store.saveTrace(run, SpanNode.leaf(run + "/root", "root", Stores.T0, null));
    }

    assertThat(store.deleteState("a")).isTrue();

    assertThat(store.loadState("a")).isEmpty();
    assertThat(store.runDetails("a")).isEmpty();
    assertThat(store.loadTrace("a")).isEmpty();
    assertThat(store.loadState("b")).isPresent();
    assertThat(store.runDetails("b").orElseThrow().steps()).hasSize(1);
    assertThat(store.loadTrace("b")).isPresent();
    assertThat(store.deleteState("a")).isFalse();
  }

  @Test
  void deleteStateAlsoRemovesARunThatOnlyHasATrace() {
    store.saveTrace("t", SpanNode.leaf("t/root", "root", Stores.T0, null));

    assertThat(store.deleteState("t")).isTrue();

    assertThat(store.loadTrace("t")).isEmpty();
    assertThat(store.runDetails("t")).isEmpty();
  }

  @Test
  void listWorkflowsFiltersByStatusAndPipelineAndPagesNewestFirst() {
    for (int i = 0; i < 10; i++) {
      store.saveState(
          state(
              "run-" + i,
              i % 2 == 0 ? "even" : "odd",
              i % 3 == 0 ? WorkflowStatus.FAILED : WorkflowStatus.COMPLETED));
      stores.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(ids(store.listWorkflows(null, null, 100, 0)))
        .containsExactly(
            "run-9", "run-8", "run-7", "run-6", "run-5", "run-4", "run-3", "run-2", "run-1",
            "run-0")
        .inOrder();
    assertThat(ids(store.listWorkflows(null, null, 3, 2)))
        .containsExactly("run-7", "run-6", "run-5")
        .inOrder();
    assertThat(ids(store.listWorkflows(WorkflowStatus.FAILED, null, 100, 0)))
        .containsExactly("run-9", "run-6", "run-3", "run-0")
        .inOrder();
    assertThat(ids(store.listWorkflows(null, "even", 100, 0)))
        .containsExactly("run-8", "run-6", "run-4", "run-2", "run-0")
        .inOrder();
    assertThat(ids(store.listWorkflows(WorkflowStatus.FAILED, "even", 1, 1)))
        .containsExactly("run-0");
    assertThat(store.listWorkflows(WorkflowStatus.PAUSED, null, 100, 0)).isEmpty();
    assertThat(store.listWorkflows(null, null, 0, 0)).isEmpty();
    assertThat(store.listWorkflows(null, null, 100, 50)).isEmpty();
  }

  @Test
  void listWorkflowsRejectsNegativePaging() {
    assertThrows(IllegalArgumentException.class, () -> store.listWorkflows(null, null, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> store.listWorkflows(null, null, 1, -1));
  }

  @Test
  void aSummaryCarriesTheStateWithoutItsJson() {
    store.saveState(
        state("run-1", "etl", WorkflowStatus.FAILED).toBuilder()
            .pipelineName("ETL")
            .pipelineVersion("3")
            .currentStepIndex(2)
            .totalSteps(4)
            .errorMessage("boom")
            .executionTimeMs(77L)
            .memoryUsageMb(1.5)
            .isBackgroundTask(true)
            .parentRunId("run-0")
            .build());

    assertThat(store.listWorkflows(null, null, 1, 0))
        .containsExactly(
            new WorkflowSummary(
                "run-1",
                "etl",
                "ETL",
                "3",
                2,
                4,
                WorkflowStatus.FAILED,
                "boom",
                77L,
                1.5,
                true,
                "run-0",
                Stores.T0,
                Stores.T0));
  }

  @Test
  void workflowStatsCountsByStatusTheLast24HoursOfTheClockAndAveragesExecutionTimes() {
    store.saveState(
        state("old", "p", WorkflowStatus.COMPLETED).toBuilder().executionTimeMs(100L).build());
    stores.clock.advance(Duration.ofHours(30));
    store.saveState(
        state("new-1", "p", WorkflowStatus.FAILED).toBuilder().executionTimeMs(300L).build());
    store.saveState(state("new-2", "p", WorkflowStatus.RUNNING));

    WorkflowStats stats = store.workflowStats();

    assertThat(stats.total()).isEqualTo(3);
    assertThat(stats.count(WorkflowStatus.COMPLETED)).isEqualTo(1);
    assertThat(stats.count(WorkflowStatus.FAILED)).isEqualTo(1);
    assertThat(stats.count(WorkflowStatus.RUNNING)).isEqualTo(1);
    assertThat(stats.count(WorkflowStatus.PAUSED)).isEqualTo(0);
    assertThat(stats.byStatus()).hasSize(WorkflowStatus.values().length);
    assertThat(stats.createdLast24Hours()).isEqualTo(2);
    assertThat(stats.averageExecutionTimeMs().getAsDouble()).isEqualTo(200.0);
  }

  @Test
  void workflowStatsOfAnEmptyStoreHasNoAverage() {
    WorkflowStats stats = store.workflowStats();

    assertThat(stats.total()).isEqualTo(0);
    assertThat(stats.createdLast24Hours()).isEqualTo(0);
    assertThat(stats.averageExecutionTimeMs().isPresent()).isFalse();
  }

  @Test
  void cleanupOlderThanUsesTheInjectedClockAndRemovesEverythingOfTheOldRuns() {
    store.saveRunStart(RunStart.of("old"));
    store.recordStep(
        state("old", "p", WorkflowStatus.COMPLETED), StepResult.of("old", 0, null, null));
    store.saveTrace("old", SpanNode.leaf("old/root", "root", Stores.T0, null));
    store.saveState(state("old-state-new-run", "p", WorkflowStatus.RUNNING));
    stores.clock.advance(Duration.ofDays(10));
    store.saveRunStart(RunStart.of("old-state-new-run"));
    store.saveState(state("new", "p", WorkflowStatus.RUNNING));

    int removed = store.cleanupOlderThan(Duration.ofDays(7));

    assertThat(removed).isEqualTo(1);
    assertThat(store.loadState("old")).isEmpty();
    assertThat(store.runDetails("old")).isEmpty();
    assertThat(store.loadTrace("old")).isEmpty();
    assertThat(store.loadState("new")).isPresent();
    // its run record was written recently, so the run is kept whole
    assertThat(store.loadState("old-state-new-run")).isPresent();
    assertThat(store.cleanupOlderThan(Duration.ofDays(7))).isEqualTo(0);
  }

  @Test
  void cleanupOlderThanKeepsRunsWrittenExactlyAtTheCutoffAndDeletesInChunks() {
    for (int i = 0; i < 1_200; i++) {
      store.saveState(state("run-" + i, "p", WorkflowStatus.COMPLETED));
    }
    stores.clock.advance(Duration.ofDays(1));
    store.saveState(state("edge", "p", WorkflowStatus.COMPLETED));
    stores.clock.advance(Duration.ofDays(1));

    assertThat(store.cleanupOlderThan(Duration.ofDays(1))).isEqualTo(1_200);
    assertThat(store.workflowStats().total()).isEqualTo(1);
    assertThat(store.loadState("edge")).isPresent();
  }

  @Test
  void cleanupOlderThanRejectsANegativeAge() {
    assertThrows(IllegalArgumentException.class, () -> store.cleanupOlderThan(Duration.ofDays(-1)));
  }

  @Test
  void failedWorkflowsAreThoseFailedWithinTheWindowNewestFirst() {
    store.saveState(state("long-ago", "p", WorkflowStatus.FAILED));
    stores.clock.advance(Duration.ofHours(5));
    store.saveState(state("recent-1", "p", WorkflowStatus.FAILED));
    stores.clock.advance(Duration.ofMinutes(1));
    store.saveState(state("recent-2", "p", WorkflowStatus.FAILED));
    store.saveState(state("fine", "p", WorkflowStatus.COMPLETED));

    assertThat(ids(store.failedWorkflows(Duration.ofHours(1))))
        .containsExactly("recent-2", "recent-1")
        .inOrder();
    assertThat(ids(store.failedWorkflows(Duration.ofHours(24)))).hasSize(3);
  }

  @Test
  void runStartStepResultsAndRunEndMakeTheRunDetails() {
    store.saveRunStart(new RunStart("run-1", "etl", "ETL", "1.0"));
    stores.clock.advance(Duration.ofSeconds(1));
    store.saveStepResult(
        new StepResult(
            "run-1",
            1,
            "load",
            StepStatus.FAILED,
            json("{\"err\": 1}"),
            "raw",
            0.5,
            12L,
            40L,
            null));
    store.saveStepResult(
        new StepResult(
            "run-1",
            0,
            "extract",
            StepStatus.COMPLETED,
            json("[1,2]"),
            null,
            null,
            null,
            30L,
            null));
    stores.clock.advance(Duration.ofSeconds(1));
    store.saveRunEnd(new RunEnd("run-1", WorkflowStatus.FAILED, 1.25, Map.of("final", true)));

    RunDetails details = store.runDetails("run-1").orElseThrow();

    assertThat(details.run())
        .isEqualTo(
            new Run(
                "run-1",
                "etl",
                "ETL",
                "1.0",
                WorkflowStatus.FAILED,
                Stores.T0,
                Stores.T0.plusSeconds(2),
                Stores.T0.plusSeconds(2),
                1.25,
                Map.of("final", true)));
    assertThat(details.steps().stream().map(StepResult::stepName).toList())
        .containsExactly("extract", "load")
        .inOrder();
    assertThat(details.steps().get(1).rawResponse()).isEqualTo("raw");
    assertThat(details.steps().get(1).createdAt()).isEqualTo(Stores.T0.plusSeconds(1));
  }

  @Test
  void aStepResultSavedAgainReplacesTheFirstAndKeepsItsCreatedAt() {
    store.saveStepResult(StepResult.of("run-1", 0, StepStatus.FAILED, null));
    stores.clock.advance(Duration.ofSeconds(3));
    store.saveStepResult(StepResult.of("run-1", 0, StepStatus.COMPLETED, json("1")));

    List<StepResult> steps = store.runDetails("run-1").orElseThrow().steps();
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(steps.get(0).createdAt()).isEqualTo(Stores.T0);
    assertThat(store.runDetails("run-1").orElseThrow().run().updatedAt())
        .isEqualTo(Stores.T0.plusSeconds(3));
  }

  @Test
  void restartingARunClearsItsEndButKeepsItsCreatedAt() {
    store.saveRunStart(RunStart.of("run-1"));
    store.saveRunEnd(new RunEnd("run-1", WorkflowStatus.FAILED, 2.0, Map.of()));
    stores.clock.advance(Duration.ofMinutes(1));

    store.saveRunStart(RunStart.of("run-1"));

    Run run = store.runDetails("run-1").orElseThrow().run();
    assertThat(run.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(run.endTime()).isNull();
    assertThat(run.totalCost()).isNull();
    assertThat(run.createdAt()).isEqualTo(Stores.T0);
  }

  @Test
  void listRunsFiltersAndPagesNewestFirst() {
    for (int i = 0; i < 6; i++) {
      store.saveRunStart(new RunStart("run-" + i, "p", i % 2 == 0 ? "even" : "odd", "1"));
      if (i % 3 == 0) {
        store.saveRunEnd(new RunEnd("run-" + i, WorkflowStatus.COMPLETED, null, null));
      }
      stores.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(runIds(store.listRuns(null, null, 10, 0)))
        .containsExactly("run-5", "run-4", "run-3", "run-2", "run-1", "run-0")
        .inOrder();
    assertThat(runIds(store.listRuns(WorkflowStatus.COMPLETED, null, 10, 0)))
        .containsExactly("run-3", "run-0")
        .inOrder();
    assertThat(runIds(store.listRuns(null, "even", 2, 1)))
        .containsExactly("run-2", "run-0")
        .inOrder();
    assertThat(runIds(store.listRuns(WorkflowStatus.RUNNING, "odd", 10, 0)))
        .containsExactly("run-5", "run-1")
        .inOrder();
  }

  @Test
  void recordStepStoresStateAndStepTogether() {
    store.recordStep(
        state("run-1", "p", WorkflowStatus.RUNNING).toBuilder().currentStepIndex(1).build(),
        StepResult.of("run-1", 0, StepStatus.COMPLETED, json("\"done\"")));

    assertThat(store.loadState("run-1").orElseThrow().currentStepIndex()).isEqualTo(1);
    RunDetails details = store.runDetails("run-1").orElseThrow();
    assertThat(details.steps().get(0).output().asText()).isEqualTo("done");
    assertThat(details.run().pipelineId()).isEqualTo(WorkflowState.UNKNOWN_PIPELINE);
  }

  @Test
  void recordStepWhoseStepFailsLeavesThePreviousStateAndNoStep() {
    store.recordStep(
        state("run-1", "p", WorkflowStatus.RUNNING).toBuilder().currentStepIndex(1).build(),
        StepResult.of("run-1", 0, StepStatus.COMPLETED, null));

    StepResult broken =
        new StepResult(
            "run-1", 1, "s", StepStatus.COMPLETED, null, null, Double.NaN, null, null, null);
    assertThrows(
        ConstraintViolationException.class,
        () ->
            store.recordStep(
                state("run-1", "p", WorkflowStatus.COMPLETED).toBuilder()
                    .currentStepIndex(2)
                    .build(),
                broken));

    WorkflowState state = store.loadState("run-1").orElseThrow();
    assertThat(state.currentStepIndex()).isEqualTo(1);
    assertThat(state.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(store.runDetails("run-1").orElseThrow().steps()).hasSize(1);
  }

  @Test
  void recordStepRejectsAStateAndStepOfDifferentRuns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store.recordStep(
                    state("a", "p", WorkflowStatus.RUNNING), StepResult.of("b", 0, null, null)));

    assertThat(e).hasMessageThat().contains("'a'");
    assertThat(store.loadState("a")).isEmpty();
  }

  @Test
  void recordStepStateAndStepSurviveAReopenTogether() {
    store.recordStep(
        state("run-1", "p", WorkflowStatus.RUNNING), StepResult.of("run-1", 0, null, json("7")));
    stores.closeDatabases();

    SqliteWorkflowStateStore reopened = stores.store();
    try {
      assertThat(reopened.loadState("run-1")).isPresent();
      assertThat(reopened.runDetails("run-1").orElseThrow().steps().get(0).output().asInt())
          .isEqualTo(7);
    } finally {
      reopened.database().close();
    }
  }

  @Test
  void systemStateHoldsAnyJsonValueUnderItsKey() {
    store.setSystemState("scheduler.tick", json("{\"at\": 12, \"ok\": true}"));
    store.setSystemState("counter", json("41"));
    stores.clock.advance(Duration.ofSeconds(1));
    store.setSystemState("counter", json("42"));
    store.setSystemState("nothing", null);

    assertThat(store.getSystemState("scheduler.tick").orElseThrow().value().get("at").asInt())
        .isEqualTo(12);
    SystemState counter = store.getSystemState("counter").orElseThrow();
    assertThat(counter.value().asInt()).isEqualTo(42);
    assertThat(counter.updatedAt()).isEqualTo(Stores.T0.plusSeconds(1));
    assertThat(store.getSystemState("nothing").orElseThrow().value().isNull()).isTrue();
  }

  @Test
  void systemStateKeyColumnIsStateKey() throws Exception {
    store.setSystemState("k", json("1"));

    try (var c = stores.connect();
        var s = c.createStatement();
        var rows = s.executeQuery("SELECT state_key, value FROM system_state")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("k");
      assertThat(rows.getString(2)).isEqualTo("1");
    }
  }

  @Test
  void jsonIsStoredAsJsonText() throws Exception {
    store.saveState(
        WorkflowState.builder("run-1").pipelineContext(Map.of("a", List.of(1, "x"))).build());

    try (var c = stores.connect();
        var s = c.createStatement();
        var rows =
            s.executeQuery(
                dialect == Dialect.POSTGRESQL
                    ? "SELECT pipeline_context::json -> 'a' ->> 1, step_history, metadata"
                        + " FROM workflow_state"
                    : "SELECT json_extract(pipeline_context, '$.a[1]'), step_history, metadata"
                        + " FROM workflow_state")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("x");
      assertThat(rows.getString(2)).isEqualTo("[]");
      assertThat(rows.getString(3)).isEqualTo("{}");
    }
  }

  @Test
  void aContextValueThatIsNotJsonIsRejectedAndNothingIsWritten() {
    WorkflowState bad =
        WorkflowState.builder("run-1").pipelineContext(Map.of("when", Instant.EPOCH)).build();

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> store.saveState(bad));

    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(e.column()).isEqualTo("pipeline_context");
    assertThat(e).hasMessageThat().contains("java.time.Instant is not a JSON value");
    assertThat(store.loadState("run-1")).isEmpty();
  }

  @Test
  void malformedJsonInTheFileNamesTableColumnAndRun() throws Exception {
    store.saveState(state("run-1", "p", WorkflowStatus.RUNNING));
    stores.sql("UPDATE workflow_state SET pipeline_context = '{\"a\": ' WHERE run_id = 'run-1'");

    DataConversionException e =
        assertThrows(DataConversionException.class, () -> store.loadState("run-1"));

    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(e.column()).isEqualTo("pipeline_context");
    assertThat(e).hasMessageThat().startsWith("cannot load the workflow state of run 'run-1': ");
    assertThat(e).hasMessageThat().contains("workflow_state.pipeline_context");
    assertThat(e).hasMessageThat().contains("malformed JSON");
    // the summary has no JSON and still lists the run
    assertThat(ids(store.listWorkflows(null, null, 10, 0))).containsExactly("run-1");
  }

  @Test
  void jsonOfTheWrongShapeOrWithTrailingTextIsMalformed() throws Exception {
    store.saveState(state("array", "p", WorkflowStatus.RUNNING));
    store.saveState(state("trailing", "p", WorkflowStatus.RUNNING));
    stores.sql(
        "UPDATE workflow_state SET metadata = '[1]' WHERE run_id = 'array'",
        "UPDATE workflow_state SET step_history = '[] []' WHERE run_id = 'trailing'");

    DataConversionException array =
        assertThrows(DataConversionException.class, () -> store.loadState("array"));
    DataConversionException trailing =
        assertThrows(DataConversionException.class, () -> store.loadState("trailing"));

    assertThat(array.column()).isEqualTo("metadata");
    assertThat(array).hasMessageThat().contains("run 'array'");
    assertThat(trailing.column()).isEqualTo("step_history");
  }

  @Test
  void malformedJsonInRunsStepsSpansAndSystemStateNamesTheRunOrKey() throws Exception {
    store.saveRunStart(RunStart.of("good"));
    stores.clock.advance(Duration.ofSeconds(1));
    store.saveRunEnd(new RunEnd("bad", null, null, Map.of("x", 1)));
    store.saveStepResult(StepResult.of("bad", 0, null, json("1")));
    store.saveTrace(
        "bad", new SpanNode("s1", "root", Stores.T0, null, null, Map.of("k", "v"), null));
    store.setSystemState("key-1", json("1"));
    stores.sql(
        "UPDATE runs SET final_context = 'nope' WHERE run_id = 'bad'",
        "UPDATE spans SET attributes = '{' WHERE span_id = 's1'",
        "UPDATE system_state SET value = '' WHERE state_key = 'key-1'");

    DataConversionException list =
        assertThrows(DataConversionException.class, () -> store.listRuns(null, null, 10, 0));
    DataConversionException details =
        assertThrows(DataConversionException.class, () -> store.runDetails("bad"));
    DataConversionException trace =
        assertThrows(DataConversionException.class, () -> store.loadTrace("bad"));
    DataConversionException system =
        assertThrows(DataConversionException.class, () -> store.getSystemState("key-1"));

    assertThat(list).hasMessageThat().startsWith("cannot list runs: run 'bad': ");
    assertThat(list.column()).isEqualTo("final_context");
    assertThat(details).hasMessageThat().startsWith("cannot load the details of run 'bad': ");
    assertThat(trace).hasMessageThat().startsWith("cannot load the trace of run 'bad': ");
    assertThat(trace.column()).isEqualTo("attributes");
    assertThat(system).hasMessageThat().startsWith("cannot load system state 'key-1': ");
    assertThat(runIds(store.listRuns(null, null, 1, 1))).containsExactly("good");
  }

  @Test
  void theStoreRefusesADatabaseWithoutItsTables() {
    PostgresServer server = dialect == Dialect.POSTGRESQL ? PostgresServer.get() : null;
    String url = server == null ? null : server.newDatabase();
    StateDatabase.Builder builder =
        server == null
            ? StateDatabase.builder().file(dir.resolve("other.db"))
            : StateDatabase.builder().url(url);
    if (server != null && server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    StateDatabase other = builder.tables(RunDao.TABLE).open();
    try {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> new SqliteWorkflowStateStore(other));
      assertThat(e).hasMessageThat().contains("workflow_state");
    } finally {
      other.close();
      if (server != null) {
        server.dropDatabase(url);
      }
    }
  }

  @Test
  void aStepHistoryStaysAnAppendableArray() {
    store.saveState(WorkflowState.builder("run-1").build());
    WorkflowState loaded = store.loadState("run-1").orElseThrow();

    JsonNode history = JsonNodeFactory.instance.arrayNode().addAll(List.of(json("{\"step\": 0}")));
    store.saveState(loaded.toBuilder().stepHistory(history).build());

    assertThat(store.loadState("run-1").orElseThrow().stepHistory().get(0).get("step").asInt())
        .isEqualTo(0);
  }

  private static List<String> ids(List<WorkflowSummary> summaries) {
    return summaries.stream().map(WorkflowSummary::runId).toList();
  }

  private static List<String> runIds(List<Run> runs) {
    return runs.stream().map(Run::runId).toList();
  }
}
