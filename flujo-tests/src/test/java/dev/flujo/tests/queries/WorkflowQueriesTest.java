package dev.flujo.tests.queries;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.tests.Status;
import dev.flujo.tests.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Dialect.class)
class WorkflowQueriesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  private final Dialect dialect;

  @TempDir Path dir;

  private TestDatabase databases;
  private StateDatabase db;
  private WorkflowDao workflows;
  private StepDao steps;
  private WorkflowQueries queries;

  WorkflowQueriesTest(Dialect dialect) {
    this.dialect = dialect;
  }

  @BeforeEach
  void open() {
    databases = new TestDatabase(dialect, dir);
    db = databases.builder("state").tables(WorkflowDao.TABLE, StepDao.TABLE).open();
    workflows = new WorkflowDao(db);
    steps = new StepDao(db);
    queries = new WorkflowQueriesImpl(db);
  }

  @AfterEach
  void close() {
    try {
      db.close();
    } finally {
      databases.close();
    }
  }

  private static Workflow workflow(String id, String pipeline, Status status, int minutes) {
    return new Workflow(
        id,
        pipeline,
        status,
        minutes % 3,
        T0.plus(Duration.ofMinutes(minutes)),
        null,
        null,
        new Payload("json", minutes));
  }

  private List<String> saveRuns(int count, String pipeline) {
    List<Workflow> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(workflow(String.format("run-%04d", i), pipeline, Status.values()[i % 5], i));
    }
    workflows.upsertAll(all);
    return all.stream().map(Workflow::runId).collect(Collectors.toList());
  }

  private static List<String> ids(List<Workflow> rows) {
    return rows.stream().map(Workflow::runId).collect(Collectors.toList());
  }

  // ---- lists, parameters of every kind ----

  @Test
  void listReturnsEveryMatchingEntityInQueryOrder() {
    saveRuns(10, "etl");

    List<Workflow> failed = queries.byStatus(Status.FAILED);

    assertThat(ids(failed)).containsExactly("run-0003", "run-0008").inOrder();
    Workflow first = failed.get(0);
    assertThat(first).isEqualTo(workflow("run-0003", "etl", Status.FAILED, 3));
  }

  @Test
  void listIsEmptyWhenNothingMatches() {
    saveRuns(3, "etl");

    assertThat(queries.byStatus(Status.CANCELLED)).isEmpty();
  }

  @Test
  void defaultMethodIsKeptAndCallsTheGeneratedQuery() {
    saveRuns(10, "etl");

    assertThat(ids(queries.failed())).containsExactly("run-0003", "run-0008").inOrder();
  }

  @Test
  void instantParameterBindsAsEpochMicros() {
    saveRuns(10, "etl");

    List<Workflow> late = queries.startedSince(T0.plus(Duration.ofMinutes(7)));

    assertThat(ids(late)).containsExactly("run-0007", "run-0008", "run-0009").inOrder();
    assertThat(ids(queries.startedSince(T0.plus(Duration.ofMinutes(7)).plusNanos(1000))))
        .containsExactly("run-0008", "run-0009")
        .inOrder();
  }

  @Test
  void convertedParameterUsesTheConverterOfTheColumnItIsComparedTo() {
    saveRuns(10, "etl");

    assertThat(ids(queries.byPayload(new Payload("json", 4)))).containsExactly("run-0004");
    assertThat(queries.byPayload(new Payload("xml", 4))).isEmpty();
  }

  // ---- pagination ----

  @Test
  void limitOffsetPagesVisitEveryRowOnceInOrder() {
    List<String> all = saveRuns(23, "etl");
    saveOther("zzz-other");

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int offset = 0; ; offset += 5) {
      List<Workflow> page = queries.page("etl", 5, offset);
      if (page.isEmpty()) {
        break;
      }
      sizes.add(page.size());
      seen.addAll(ids(page));
    }

    assertThat(seen).containsExactlyElementsIn(all).inOrder();
    assertThat(sizes).containsExactly(5, 5, 5, 5, 3).inOrder();
  }

  @Test
  void keysetPagesVisitEveryRowOnceInOrder() {
    List<String> all = saveRuns(23, "etl");
    saveOther("aaa-other");

    List<String> seen = new ArrayList<>();
    String after = "";
    while (true) {
      List<Workflow> page = queries.pageAfter("etl", after, 4);
      if (page.isEmpty()) {
        break;
      }
      seen.addAll(ids(page));
      after = page.get(page.size() - 1).runId();
    }

    assertThat(seen).containsExactlyElementsIn(all).inOrder();
  }

  private void saveOther(String id) {
    workflows.upsert(workflow(id, "other", Status.RUNNING, 99));
  }

  // ---- IN lists ----

  @Test
  void inWithNoElementsMatchesNothingAndNotInWithNoElementsMatchesEverything() {
    List<String> all = saveRuns(5, "etl");

    assertThat(queries.byIds(List.of())).isEmpty();
    assertThat(queries.idsWithStatusNotIn(Set.of())).containsExactlyElementsIn(all).inOrder();
    assertThat(queries.deleteAll(List.of())).isEqualTo(0);
    assertThat(queries.countAll()).isEqualTo(5);
  }

  @Test
  void inWithOneElementMatchesThatRow() {
    saveRuns(5, "etl");

    assertThat(ids(queries.byIds(List.of("run-0002")))).containsExactly("run-0002");
    assertThat(ids(queries.byIds(Set.of("missing")))).isEmpty();
  }

  @Test
  void inWithThreeElementsIsPaddedWithoutChangingInOrNotIn() {
    saveRuns(10, "etl");

    assertThat(ids(queries.byIds(List.of("run-0001", "run-0005", "run-0009"))))
        .containsExactly("run-0001", "run-0005", "run-0009")
        .inOrder();
    assertThat(queries.idsWithStatusNotIn(EnumSet.of(Status.RUNNING, Status.PAUSED, Status.FAILED)))
        .containsExactly("run-0002", "run-0004", "run-0007", "run-0009")
        .inOrder();
  }

  @Test
  void inWithAThousandElementsMatchesExactlyThoseRows() {
    List<String> all = saveRuns(1500, "etl");
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      wanted.add(all.get((i * 7) % 1500));
    }

    List<Workflow> found = queries.byIds(wanted);

    assertThat(ids(found)).containsExactlyElementsIn(wanted.stream().sorted().toList()).inOrder();
    assertThat(queries.deleteAll(wanted)).isEqualTo(1000);
    assertThat(queries.countAll()).isEqualTo(500);
  }

  @Test
  void inWithMoreElementsThanCachedStatementsHoldStillMatchesExactly() {
    List<String> all = saveRuns(1500, "etl");
    List<String> wanted = all.subList(100, 1400);

    try (Stream<String> found = queries.streamIds(wanted)) {
      assertThat(found.collect(Collectors.toList())).containsExactlyElementsIn(wanted).inOrder();
    }
    assertThat(ids(queries.byIds(wanted))).containsExactlyElementsIn(wanted).inOrder();
  }

  @Test
  void twoListsAndScalarsBindInTheirPlaces() {
    saveRuns(20, "etl");

    List<String> found =
        queries.idsByStatuses(
            List.of(Status.RUNNING, Status.FAILED), 1, List.of("run-0010", "run-0013"), 3);

    // RUNNING: 0,5,10,15; FAILED: 3,8,13,18; priority = i % 3 >= 1 keeps 5,8,10,13; minus excluded
    assertThat(found).containsExactly("run-0005", "run-0008").inOrder();
    assertThat(
            queries.idsByStatuses(
                List.of(Status.RUNNING, Status.FAILED), 1, List.of("run-0010", "run-0013"), 1))
        .containsExactly("run-0005");
    assertThat(queries.idsByStatuses(List.of(), 0, List.of(), 10)).isEmpty();
    assertThat(queries.idsByStatuses(List.of(Status.PAUSED), 0, List.of(), 2))
        .containsExactly("run-0001", "run-0006")
        .inOrder();
  }

  @Test
  void collectionWithNullElementIsRejectedBeforeTouchingTheDatabase() {
    List<String> withNull = new ArrayList<>();
    withNull.add("run-0001");
    withNull.add(null);

    NullPointerException e = assertThrows(NullPointerException.class, () -> queries.byIds(withNull));
    assertThat(e).hasMessageThat().contains("ids");
  }

  // ---- single rows ----

  @Test
  void optionalIsPresentForARowAndEmptyOtherwise() {
    saveRuns(3, "etl");

    assertThat(queries.byId("run-0001")).hasValue(workflow("run-0001", "etl", Status.PAUSED, 1));
    assertThat(queries.byId("nope")).isEmpty();
  }

  @Test
  void singleReturnThrowsNoSuchElementWhenThereIsNoRowAndKeepsWorking() {
    saveRuns(3, "etl");

    NoSuchElementException e =
        assertThrows(NoSuchElementException.class, () -> queries.require("nope"));
    assertThat(e).hasMessageThat().contains("WorkflowQueriesImpl.require");
    assertThat(queries.require("run-0002").runId()).isEqualTo("run-0002");
  }

  @Test
  void scalarsReadCountsAndNullableValues() {
    saveRuns(10, "etl");
    workflows.upsert(
        new Workflow("with-error", "etl", Status.FAILED, 0, T0, "boom", 1500L, new Payload("a", 1)));

    assertThat(queries.countByStatus(Status.FAILED)).isEqualTo(3);
    assertThat(queries.countAll()).isEqualTo(11);
    assertThat(queries.errorOf("with-error")).hasValue("boom");
    assertThat(queries.errorOf("run-0001")).isEmpty();
    assertThat(queries.errorOf("missing")).isEmpty();
    assertThat(queries.durationOf("with-error")).isEqualTo(1500L);
    assertThat(queries.durationOf("run-0001")).isNull();
    assertThrows(NoSuchElementException.class, () -> queries.durationOf("missing"));
  }

  @Test
  void aggregateOfNoRowsIsEmptyOptional() {
    assertThat(queries.latestStart()).isEmpty();

    saveRuns(4, "etl");

    assertThat(queries.latestStart()).hasValue(T0.plus(Duration.ofMinutes(3)));
  }

  @Test
  void booleanQueryIsTheFirstValueOrFalseWithoutARow() {
    assertThat(queries.exists("run-0001")).isFalse();
    assertThat(queries.anyFailed()).isFalse();

    saveRuns(3, "etl");
    assertThat(queries.exists("run-0001")).isTrue();
    assertThat(queries.anyFailed()).isFalse();

    saveRuns(4, "etl");
    assertThat(queries.anyFailed()).isTrue();
  }

  @Test
  void convertedScalarsAreReadThroughTheColumnsConverter() {
    saveRuns(3, "etl");

    assertThat(queries.payloads())
        .containsExactly(new Payload("json", 0), new Payload("json", 1), new Payload("json", 2))
        .inOrder();
  }

  // ---- streams ----

  @Test
  void streamReadsRowsLazilyAndReleasesItsConnectionOnClose() {
    saveRuns(50, "etl");

    try (Stream<Workflow> rows = queries.streamByPipeline("etl")) {
      assertThat(rows.limit(3).map(Workflow::runId).collect(Collectors.toList()))
          .containsExactly("run-0000", "run-0001", "run-0002")
          .inOrder();
    }
    assertThat(db.metrics().poolActive()).isEqualTo(0);
    try (Stream<Workflow> rows = queries.streamByPipeline("etl")) {
      assertThat(rows.count()).isEqualTo(50);
    }
    try (Stream<Workflow> rows = queries.streamByPipeline("none")) {
      assertThat(rows.count()).isEqualTo(0);
    }
  }

  // ---- projections and joins ----

  @Test
  void groupByIsReadIntoARecordProjection() {
    saveRuns(7, "etl");

    assertThat(queries.countsByStatus())
        .containsExactly(
            new StatusCount(Status.CANCELLED, 1),
            new StatusCount(Status.COMPLETED, 1),
            new StatusCount(Status.FAILED, 1),
            new StatusCount(Status.PAUSED, 2),
            new StatusCount(Status.RUNNING, 2))
        .inOrder();
  }

  @Test
  void joinIsReadIntoAProjection() {
    saveRuns(2, "etl");
    steps.upsert(new Step("s2", "run-0001", "load", 2, null));
    steps.upsert(new Step("s1", "run-0001", "extract", 1, "ok"));
    steps.upsert(new Step("s3", "run-0000", "other", 1, null));

    assertThat(queries.stepsOf("run-0001"))
        .containsExactly(
            new RunStep("run-0001", "etl", "extract", 1), new RunStep("run-0001", "etl", "load", 2))
        .inOrder();
    assertThat(queries.stepsOf("missing")).isEmpty();
  }

  @Test
  void constructorRequiresEveryTableTheQueriesName() {
    try (StateDatabase other = databases.builder("other").tables(WorkflowDao.TABLE).open()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> new WorkflowQueriesImpl(other));
      assertThat(e).hasMessageThat().contains("workflow_steps");
    }
  }

  // ---- writes ----

  @Test
  void updateReturnsRowsChangedAndBindsNullableParameterAsNull() {
    saveRuns(3, "etl");

    assertThat(queries.markFailed("run-0001", "disk full")).isEqualTo(1);
    assertThat(queries.markFailed("missing", "x")).isEqualTo(0);
    assertThat(queries.byId("run-0001").orElseThrow().errorMessage()).isEqualTo("disk full");

    assertThat(queries.markFailed("run-0001", null)).isEqualTo(1);
    Workflow after = queries.byId("run-0001").orElseThrow();
    assertThat(after.status()).isEqualTo(Status.FAILED);
    assertThat(after.errorMessage()).isNull();
  }

  @Test
  void deleteReturnsLongCountAndBooleanChange() {
    saveRuns(10, "etl");

    assertThat(queries.deleteStartedBefore(T0.plus(Duration.ofMinutes(4)))).isEqualTo(4L);
    assertThat(queries.delete("run-0005")).isTrue();
    assertThat(queries.delete("run-0005")).isFalse();
    assertThat(queries.countAll()).isEqualTo(5);
  }

  @Test
  void voidStatementsInsertAndUpdate() {
    Instant started = T0.plus(3, ChronoUnit.MICROS);
    queries.insert("new", "etl", Status.RUNNING, 2, started, new Payload("bin", 9));
    queries.rename("new", "renamed");

    Workflow stored = workflows.findById("new").orElseThrow();
    assertThat(stored)
        .isEqualTo(
            new Workflow("new", "renamed", Status.RUNNING, 2, started, null, null, new Payload("bin", 9)));
  }

  @Test
  void sqlTextInAParameterIsStoredAndMatchedVerbatim() {
    String hostile = "x'); DROP TABLE workflows; -- :runId ? \"quoted\" /* c */";
    queries.insert("evil", hostile, Status.RUNNING, 0, T0, new Payload("p", 1));
    workflows.upsert(workflow("plain", "x", Status.RUNNING, 1));

    assertThat(ids(queries.byPipeline(hostile))).containsExactly("evil");
    assertThat(workflows.findById("evil").orElseThrow().pipelineName()).isEqualTo(hostile);
    assertThat(queries.byPipeline("x")).hasSize(1);
    assertThat(queries.countAll()).isEqualTo(2);
    queries.rename("plain", hostile);
    assertThat(ids(queries.byPipeline(hostile))).containsExactly("evil", "plain");
  }

  // ---- transactions ----

  @Test
  void queriesJoinTheAmbientTransactionAndRollBackWithIt() {
    saveRuns(3, "etl");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                db.inTransaction(
                    () -> {
                      queries.markFailed("run-0000", "inside");
                      assertThat(queries.countByStatus(Status.FAILED)).isEqualTo(1);
                      assertThat(queries.delete("run-0001")).isTrue();
                      throw new IllegalStateException("abort");
                    }));

    assertThat(e).hasMessageThat().isEqualTo("abort");
    assertThat(queries.countByStatus(Status.FAILED)).isEqualTo(0);
    assertThat(queries.exists("run-0001")).isTrue();
  }

  @Test
  void readQueriesRunInReadTransactionsAndWritesAreRefusedThere() {
    saveRuns(3, "etl");

    long failed = db.readTransaction(() -> queries.countByStatus(Status.RUNNING));
    assertThat(failed).isEqualTo(1);
    assertThrows(
        IllegalStateException.class,
        () -> db.readTransaction(() -> queries.markFailed("run-0000", "x")));
    assertThrows(
        IllegalStateException.class, () -> db.readTransaction(() -> queries.deleteAll(List.of("a"))));
  }

  @Test
  void selectStarOverColumnsOrderedDifferentlyInTheFileReadsEveryColumnRight() throws Exception {
    if (dialect == Dialect.POSTGRESQL) {
      reorderOnTheServer();
    } else {
      reorderInTheFile();
    }

    // SELECT * is sent as the columns the reader expects, so the stored order does not matter
    try (StateDatabase reordered =
        databases.builder("reordered").tables(WorkflowDao.TABLE, StepDao.TABLE).open()) {
      Workflow stored = workflow("r1", "etl", Status.RUNNING, 3);
      new WorkflowDao(reordered).upsert(stored);
      assertThat(new WorkflowQueriesImpl(reordered).byStatus(Status.RUNNING))
          .containsExactly(new WorkflowDao(reordered).findById("r1").orElseThrow());
      assertThat(new WorkflowQueriesImpl(reordered).byStatus(Status.RUNNING).get(0).pipelineName())
          .isEqualTo("etl");
    }
  }

  /** Creates the table, then drops and re-adds pipeline_name, which puts it last. */
  private void reorderOnTheServer() throws Exception {
    databases.builder("reordered").tables(WorkflowDao.TABLE, StepDao.TABLE).open().close();
    try (Connection c = databases.connect("reordered");
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE workflows DROP COLUMN pipeline_name");
      s.execute("ALTER TABLE workflows ADD COLUMN pipeline_name text NOT NULL");
      try (ResultSet columns =
          s.executeQuery(
              "SELECT column_name FROM information_schema.columns"
                  + " WHERE table_name = 'workflows' ORDER BY ordinal_position OFFSET 1 LIMIT 1")) {
        assertThat(columns.next()).isTrue();
        assertThat(columns.getString(1)).isNotEqualTo("pipeline_name");
      }
    }
  }

  private void reorderInTheFile() throws Exception {
    try (Connection c = databases.connect("reordered");
        Statement s = c.createStatement()) {
      String ddl = WorkflowDao.TABLE.createTableSql();
      s.execute(
          ddl.replace("\"pipeline_name\" TEXT NOT NULL,\n", "")
              .replace("PRIMARY KEY", "\"pipeline_name\" TEXT NOT NULL,\n  PRIMARY KEY"));
      try (ResultSet columns =
          s.executeQuery("SELECT name FROM pragma_table_info('workflows') WHERE cid = 1")) {
        assertThat(columns.next()).isTrue();
        assertThat(columns.getString(1)).isNotEqualTo("pipeline_name");
      }
    }
  }

  @Test
  void everyListSizeUpToThreeHundredMatchesExactlyItsElements() {
    List<String> all = saveRuns(300, "etl");

    for (int n = 0; n <= 300; n++) {
      List<String> wanted = all.subList(300 - n, 300);
      assertThat(ids(queries.byIds(wanted))).containsExactlyElementsIn(wanted).inOrder();
    }
  }
}
