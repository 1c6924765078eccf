package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.Sleeper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's robustness suite: partial data, reopening, old files, concurrency, odd ids. */
class RobustnessTest {
  @TempDir Path dir;

  private Stores stores;

  @BeforeEach
  void open() {
    stores = new Stores(dir);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void aStateWithOnlyARunIdGetsTheDocumentedDefaults() {
    SqliteWorkflowStateStore store = stores.store();
    store.saveState(
        new WorkflowState(
            "run-1", null, null, null, 0, null, null, null, null, null, null, 0, null, null, null,
            null, false, null));

    WorkflowState loaded = store.loadState("run-1").orElseThrow();

    assertThat(loaded.pipelineId()).isEqualTo("unknown");
    assertThat(loaded.pipelineName()).isEqualTo("unknown");
    assertThat(loaded.pipelineVersion()).isEqualTo("latest");
    assertThat(loaded.currentStepIndex()).isEqualTo(0);
    assertThat(loaded.pipelineContext()).isEmpty();
    assertThat(loaded.lastStepOutput()).isNull();
    assertThat(loaded.stepHistory().isArray()).isTrue();
    assertThat(loaded.stepHistory().size()).isEqualTo(0);
    assertThat(loaded.status()).isEqualTo(WorkflowStatus.RUNNING);
    assertThat(loaded.createdAt()).isEqualTo(Stores.T0);
    assertThat(loaded.updatedAt()).isEqualTo(Stores.T0);
    assertThat(loaded.totalSteps()).isEqualTo(0);
    assertThat(loaded.errorMessage()).isNull();
    assertThat(loaded.executionTimeMs()).isNull();
    assertThat(loaded.memoryUsageMb()).isNull();
    assertThat(loaded.metadata()).isEmpty();
    assertThat(loaded.isBackgroundTask()).isFalse();
    assertThat(loaded.parentRunId()).isNull();
  }

  @Test
  void partialRunDataGetsTheDocumentedDefaults() {
    SqliteWorkflowStateStore store = stores.store();
    store.saveRunStart(RunStart.of("started"));
    store.saveStepResult(StepResult.of("started", 3, null, null));
    store.saveRunEnd(new RunEnd("never-started", null, null, null));

    RunDetails started = store.runDetails("started").orElseThrow();
    assertThat(started.run())
        .isEqualTo(
            new Run(
                "started",
                "unknown",
                "unknown",
                "latest",
                WorkflowStatus.RUNNING,
                Stores.T0,
                Stores.T0,
                null,
                null,
                null));
    StepResult step = started.steps().get(0);
    assertThat(step.stepName()).isEqualTo("step-3");
    assertThat(step.status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(step.output()).isNull();
    assertThat(step.createdAt()).isEqualTo(Stores.T0);

    Run ended = store.runDetails("never-started").orElseThrow().run();
    assertThat(ended.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(ended.endTime()).isEqualTo(Stores.T0);
    assertThat(ended.pipelineId()).isEqualTo("unknown");
    assertThat(ended.finalContext()).isNull();
  }

  @Test
  void aPipelineNameDefaultsToTheGivenPipelineId() {
    assertThat(new RunStart("r", "etl", null, null).pipelineName()).isEqualTo("etl");
    assertThat(WorkflowState.builder("r").pipelineId("etl").build().pipelineName())
        .isEqualTo("etl");
  }

  @Test
  void reopeningAnExistingFileKeepsEverythingAndChangesNoSchema() throws Exception {
    SqliteWorkflowStateStore store = stores.store();
    store.saveState(WorkflowState.builder("run-1").pipelineContext(Map.of("k", "v")).build());
    store.saveStepResult(StepResult.of("run-1", 0, null, null));
    store.saveTrace("run-1", SpanNode.leaf("s", "root", Stores.T0, null));
    store.setSystemState("tick", Json.readValue("5"));
    WorkflowState before = store.loadState("run-1").orElseThrow();
    stores.close();
    String schemaBefore = schema();

    Stores again = new Stores(dir);
    try {
      SqliteWorkflowStateStore reopened = again.store();
      assertThat(reopened.loadState("run-1")).hasValue(before);
      assertThat(reopened.runDetails("run-1").orElseThrow().steps()).hasSize(1);
      assertThat(reopened.loadTrace("run-1").orElseThrow().spanCount()).isEqualTo(1);
      assertThat(reopened.getSystemState("tick").orElseThrow().value().asInt()).isEqualTo(5);
    } finally {
      again.close();
    }
    assertThat(schema()).isEqualTo(schemaBefore);
  }

  private String schema() throws Exception {
    try (Connection c = stores.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")) {
      StringBuilder all = new StringBuilder();
      while (rows.next()) {
        all.append(rows.getString(1))
            .append(' ')
            .append(rows.getString(2))
            .append(' ')
            .append(rows.getString(3))
            .append('\n');
      }
      return all.toString();
    }
  }

  /** The columns {@code workflow_state} gained after its first version. */
  private static final Set<String> ADDED =
      Set.of(
          "step_history",
          "total_steps",
          "error_message",
          "execution_time_ms",
          "memory_usage_mb",
          "metadata",
          "is_background_task",
          "parent_run_id");

  /** The first version of {@code workflow_state}: today's definition without the added columns. */
  static TableDefinition firstVersion() {
    TableDefinition now = WorkflowStateDao.TABLE;
    List<ColumnDefinition> columns =
        now.columns().stream().filter(c -> !ADDED.contains(c.name())).toList();
    List<IndexDefinition> indexes =
        now.indexes().stream()
            .filter(i -> i.columns().stream().noneMatch(ADDED::contains))
            .toList();
    String ddl =
        Arrays.stream(now.createTableSql().split("\n"))
            .filter(line -> ADDED.stream().noneMatch(c -> line.contains("\"" + c + "\"")))
            .collect(Collectors.joining("\n"));
    return new TableDefinition(now.name(), columns, indexes, true, true, ddl, "0000000000000001");
  }

  @Test
  void aFileOfTheFirstSchemaVersionGainsTheNewColumnsAndKeepsItsRows() throws Exception {
    Path file = stores.file();
    StateDatabase old = StateDatabase.builder().file(file).tables(firstVersion()).open();
    old.close();
    long created = Instant.parse("2024-06-01T00:00:00Z").getEpochSecond() * 1_000_000;
    stores.sql(
        "INSERT INTO workflow_state (run_id, pipeline_id, pipeline_name, pipeline_version,"
            + " current_step_index, pipeline_context, last_step_output, status, created_at,"
            + " updated_at) VALUES ('old-1', 'etl', 'ETL', '1', 2, '{\"a\":1}', '\"out\"',"
            + " 'PAUSED', "
            + created
            + ", "
            + created
            + ")");
    assertThat(columnCount()).isEqualTo(10);

    SqliteWorkflowStateStore store = stores.store();

    assertThat(columnCount()).isEqualTo(18);
    WorkflowState loaded = store.loadState("old-1").orElseThrow();
    assertThat(loaded.pipelineContext()).isEqualTo(Map.of("a", 1));
    assertThat(loaded.lastStepOutput().asText()).isEqualTo("out");
    assertThat(loaded.status()).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(loaded.createdAt()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(loaded.totalSteps()).isEqualTo(0);
    assertThat(loaded.stepHistory().size()).isEqualTo(0);
    assertThat(loaded.metadata()).isEmpty();
    assertThat(loaded.isBackgroundTask()).isFalse();
    assertThat(loaded.parentRunId()).isNull();
    assertThat(loaded.errorMessage()).isNull();
    assertThat(store.listWorkflows(WorkflowStatus.PAUSED, "etl", 10, 0)).hasSize(1);

    store.saveState(loaded.toBuilder().totalSteps(5).isBackgroundTask(true).build());
    WorkflowState resaved = store.loadState("old-1").orElseThrow();
    assertThat(resaved.totalSteps()).isEqualTo(5);
    assertThat(resaved.isBackgroundTask()).isTrue();
    assertThat(resaved.createdAt()).isEqualTo(loaded.createdAt());
    assertThat(store.workflowStats().total()).isEqualTo(1);
  }

  private int columnCount() throws Exception {
    try (Connection c = stores.connect();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT count(*) FROM pragma_table_info('workflow_state')")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void manyConcurrentSavesAreAllLoadable() throws Exception {
    WorkflowStateStore store = new RetryingWorkflowStateStore(stores.store());
    int threads = 8;
    int perThread = 100;
    run(
        threads,
        t -> {
          for (int i = 0; i < perThread; i++) {
            String run = "t" + t + "-" + i;
            for (int step = 0; step < 3; step++) {
              store.saveState(
                  WorkflowState.builder(run)
                      .currentStepIndex(step)
                      .pipelineContext(Map.of("thread", t, "i", i))
                      .build());
            }
          }
        });

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        WorkflowState s = store.loadState("t" + t + "-" + i).orElseThrow();
        assertThat(s.currentStepIndex()).isEqualTo(2);
        assertThat(s.pipelineContext()).isEqualTo(Map.of("thread", t, "i", i));
      }
    }
    assertThat(store.workflowStats().total()).isEqualTo(threads * perThread);
  }

  @Test
  void severalStoreInstancesOnOneFileSeeEachOthersWrites() throws Exception {
    List<WorkflowStateStore> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      instances.add(
          new RetryingWorkflowStateStore(stores.store(), new Retrier(Sleeper.SYSTEM, () -> 0.5)));
    }
    run(
        6,
        t -> {
          WorkflowStateStore store = instances.get(t % 3);
          for (int i = 0; i < 50; i++) {
            String run = "s" + t + "-" + i;
            store.saveRunStart(RunStart.of(run));
            store.recordStep(WorkflowState.builder(run).build(), StepResult.of(run, 0, null, null));
            store.saveRunEnd(new RunEnd(run, WorkflowStatus.COMPLETED, 1.0, null));
          }
        });

    for (WorkflowStateStore store : instances) {
      assertThat(store.workflowStats().total()).isEqualTo(300);
      assertThat(store.listRuns(WorkflowStatus.COMPLETED, null, 1_000, 0)).hasSize(300);
      assertThat(store.runDetails("s5-49").orElseThrow().steps()).hasSize(1);
    }
  }

  @Test
  void aTenThousandCharacterRunIdWorksEverywhere() throws Exception {
    SqliteWorkflowStateStore store = stores.store();
    String runId = "r".repeat(9_990) + "-0123456789".substring(0, 10);
    assertThat(runId).hasLength(10_000);

    store.saveRunStart(RunStart.of(runId));
    store.recordStep(
        WorkflowState.builder(runId).pipelineContext(Map.of("id", runId)).build(),
        StepResult.of(runId, 0, null, null));
    store.saveTrace(runId, SpanNode.leaf(runId + "/span", "root", Stores.T0, null));

    assertThat(store.loadState(runId).orElseThrow().pipelineContext().get("id")).isEqualTo(runId);
    assertThat(store.runDetails(runId).orElseThrow().steps().get(0).runId()).isEqualTo(runId);
    assertThat(store.loadTrace(runId).orElseThrow().roots().get(0).spanId())
        .isEqualTo(runId + "/span");
    assertThat(store.listWorkflows(null, null, 10, 0).get(0).runId()).isEqualTo(runId);

    stores.sql("UPDATE workflow_state SET metadata = 'x'");
    DataConversionException e =
        assertThrows(DataConversionException.class, () -> store.loadState(runId));
    assertThat(e).hasMessageThat().contains("'" + "r".repeat(80) + "...' (10000 characters)");
    assertThat(e.getMessage().length()).isLessThan(1_000);

    assertThat(store.deleteState(runId)).isTrue();
    assertThat(store.loadState(runId)).isEmpty();
    assertThat(store.runDetails(runId)).isEmpty();
  }

  @Test
  void oddRunIdsAreStoredVerbatim() {
    SqliteWorkflowStateStore store = stores.store();
    List<String> ids =
        List.of("", " ", "a'b", "x\"); DROP TABLE workflow_state; --", "naïve-🚀", "nul\u0000in");
    for (String id : ids) {
      store.saveState(WorkflowState.builder(id).build());
    }

    for (String id : ids) {
      assertThat(store.loadState(id).orElseThrow().runId()).isEqualTo(id);
    }
    assertThat(store.workflowStats().total()).isEqualTo(ids.size());
  }

  @Test
  void cleanupAfterAClockJumpBackwardsDeletesNothingNewer() {
    SqliteWorkflowStateStore store = stores.store();
    store.saveState(WorkflowState.builder("run-1").build());
    stores.clock.advance(Duration.ofDays(-30));

    assertThat(store.cleanupOlderThan(Duration.ZERO)).isEqualTo(0);
    assertThat(store.loadState("run-1")).isPresent();
  }

  interface ThreadBody {
    void run(int thread) throws Exception;
  }

  private static void run(int threads, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  body.run(thread);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
