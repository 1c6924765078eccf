package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.flujo.annotations.Nullable;
import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkflowStateStore} on one {@link StateDatabase}, through the generated DAOs and query
 * implementations. Thread-safe; several instances (in one process or several) may share a file.
 *
 * <pre>{@code
 * StateDatabase db = StateDatabase.builder()
 *     .file(Path.of("state.db"))
 *     .tables(SqliteWorkflowStateStore.TABLES)
 *     .open();
 * WorkflowStateStore store = new RetryingWorkflowStateStore(new SqliteWorkflowStateStore(db));
 * }</pre>
 *
 * <p>The store does not own the database: close it yourself. Times ({@code createdAt}, {@code
 * updatedAt}, a run's end time, the cut-offs of {@link #cleanupOlderThan}, {@link #failedWorkflows}
 * and {@link #workflowStats}) come from the database's clock.
 */
public final class SqliteWorkflowStateStore implements WorkflowStateStore {
  /** The tables the store needs; pass them to {@link StateDatabase.Builder#tables}. */
  public static final List<TableDefinition> TABLES =
      List.of(
          WorkflowStateDao.TABLE,
          RunDao.TABLE,
          StepResultDao.TABLE,
          SpanDao.TABLE,
          SystemStateDao.TABLE);

  private static final Logger LOG = LoggerFactory.getLogger(SqliteWorkflowStateStore.class);

  /** Run ids per {@code IN (...)} list when deleting many runs. */
  private static final int DELETE_CHUNK = 500;

  private static final int MAX_ID_IN_MESSAGE = 80;

  private final StateDatabase db;
  private final WorkflowStateDao states;
  private final RunDao runs;
  private final StepResultDao steps;
  private final SpanDao spans;
  private final SystemStateDao system;
  private final WorkflowQueries stateQueries;
  private final RunQueries runQueries;
  private final StepQueries stepQueries;
  private final SpanQueries spanQueries;

  /**
   * Creates a store over {@code db}.
   *
   * @throws IllegalStateException if {@code db} was not opened with every table of {@link #TABLES}
   */
  public SqliteWorkflowStateStore(StateDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
    this.states = new WorkflowStateDao(db);
    this.runs = new RunDao(db);
    this.steps = new StepResultDao(db);
    this.spans = new SpanDao(db);
    this.system = new SystemStateDao(db);
    this.stateQueries = new WorkflowQueriesImpl(db);
    this.runQueries = new RunQueriesImpl(db);
    this.stepQueries = new StepQueriesImpl(db);
    this.spanQueries = new SpanQueriesImpl(db);
  }

  /** The database the store writes to. */
  public StateDatabase database() {
    return db;
  }

  @Override
  public void saveState(WorkflowState state) {
    Objects.requireNonNull(state, "state");
    states.upsert(state);
  }

  @Override
  public Optional<WorkflowState> loadState(String runId) {
    Objects.requireNonNull(runId, "runId");
    try {
      return states.findById(runId);
    } catch (DataConversionException e) {
      throw naming(e, "cannot load the workflow state of run " + describe(runId));
    }
  }

  /**
   * Waits until run {@code runId} has {@code status}, or {@code timeout} passes, and returns its
   * state then (empty on time-out). It waits for change notifications of the state table, written
   * by any thread, process or (on PostgreSQL) host, and reads the run again only after one: no
   * polling of the table per waiter. Not part of {@link WorkflowStateStore}: a wait is not
   * something to retry.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public Optional<WorkflowState> awaitStatus(
      String runId, WorkflowStatus status, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Semaphore changed = new Semaphore(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (ChangeSubscription subscription =
        db.subscribe(tables -> changed.release(), WorkflowStateDao.TABLE)) {
      while (!subscription.isClosed()) {
        Optional<WorkflowState> state = loadState(runId);
        if (state.isPresent() && state.get().status() == status) {
          return state;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          return Optional.empty();
        }
        changed.drainPermits();
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean deleteState(String runId) {
    Objects.requireNonNull(runId, "runId");
    return db.inTransaction(
        () -> {
          int deleted = spanQueries.deleteForRun(runId) + stepQueries.deleteForRun(runId);
          boolean run = runs.deleteById(runId);
          boolean state = states.deleteById(runId);
          return deleted > 0 || run || state;
        });
  }

  @Override
  public List<WorkflowSummary> listWorkflows(
      @Nullable WorkflowStatus status, @Nullable String pipelineId, int limit, int offset) {
    checkPage(limit, offset);
    return stateQueries.page(status, pipelineId, limit, offset);
  }

  @Override
  public WorkflowStats workflowStats() {
    Instant dayAgo = db.clock().instant().minus(Duration.ofHours(24));
    return db.readTransaction(
        () -> {
          Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
          long total = 0;
          for (StatusCount c : stateQueries.countsByStatus()) {
            counts.put(c.status(), c.total());
            total += c.total();
          }
          long recent = stateQueries.countCreatedSince(dayAgo);
          Optional<Double> average = stateQueries.averageExecutionTimeMs();
          return new WorkflowStats(
              total,
              counts,
              recent,
              average.isPresent() ? OptionalDouble.of(average.get()) : OptionalDouble.empty());
        });
  }

  @Override
  public int cleanupOlderThan(Duration age) {
    checkAge(age, "age");
    Instant cutoff = db.clock().instant().minus(age);
    int removed =
        db.inTransaction(
            () -> {
              List<String> ids = stateQueries.runsLastWrittenBefore(cutoff);
              for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
                spanQueries.deleteForRuns(chunk);
                stepQueries.deleteForRuns(chunk);
                runQueries.deleteAll(chunk);
                stateQueries.deleteAll(chunk);
              }
              return ids.size();
            });
    LOG.debug("cleanupOlderThan({}) removed {} runs last written before {}", age, removed, cutoff);
    return removed;
  }

  @Override
  public List<WorkflowSummary> failedWorkflows(Duration window) {
    checkAge(window, "window");
    return stateQueries.failedSince(db.clock().instant().minus(window));
  }

  @Override
  public void saveTrace(String runId, List<SpanNode> roots) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(roots, "roots");
    List<Span> rows = TraceAssembler.flatten(runId, List.copyOf(roots));
    db.inTransaction(
        () -> {
          ensureRun(runId);
          spanQueries.deleteForRun(runId);
          for (Span row : rows) {
            spans.insert(row);
          }
        });
  }

  @Override
  public Optional<Trace> loadTrace(String runId) {
    Objects.requireNonNull(runId, "runId");
    List<Span> rows;
    try {
      rows = spanQueries.forRun(runId);
    } catch (DataConversionException e) {
      throw naming(e, "cannot load the trace of run " + describe(runId));
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Trace trace = TraceAssembler.assemble(runId, rows);
    for (TraceIssue issue : trace.issues()) {
      LOG.warn("trace of run {}: {}", describe(runId), issue.detail());
    }
    return Optional.of(trace);
  }

  @Override
  public void saveRunStart(RunStart start) {
    Objects.requireNonNull(start, "start");
    runs.upsert(
        new Run(
            start.runId(),
            start.pipelineId(),
            start.pipelineName(),
            start.pipelineVersion(),
            WorkflowStatus.RUNNING,
            null,
            null,
            null,
            null,
            null));
  }

  @Override
  public void saveStepResult(StepResult step) {
    Objects.requireNonNull(step, "step");
    db.inTransaction(
        () -> {
          ensureRun(step.runId());
          steps.upsert(step);
        });
  }

  @Override
  public void recordStep(WorkflowState state, StepResult step) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(step, "step");
    if (!state.runId().equals(step.runId())) {
      throw new IllegalArgumentException(
          "state of run "
              + describe(state.runId())
              + " and step result of run "
              + describe(step.runId())
              + " belong to different runs");
    }
    db.inTransaction(
        () -> {
          states.upsert(state);
          ensureRun(step.runId());
          steps.upsert(step);
        });
  }

  @Override
  public void saveRunEnd(RunEnd end) {
    Objects.requireNonNull(end, "end");
    db.inTransaction(
        () -> {
          Run run = findRun(end.runId()).orElseGet(() -> defaultRun(end.runId()));
          runs.upsert(
              new Run(
                  run.runId(),
                  run.pipelineId(),
                  run.pipelineName(),
                  run.pipelineVersion(),
                  end.status(),
                  null,
                  null,
                  db.clock().instant(),
                  end.totalCost(),
                  end.finalContext()));
        });
  }

  @Override
  public Optional<RunDetails> runDetails(String runId) {
    Objects.requireNonNull(runId, "runId");
    try {
      return db.readTransaction(
          () -> runs.findById(runId).map(run -> new RunDetails(run, stepQueries.forRun(runId))));
    } catch (DataConversionException e) {
      throw naming(e, "cannot load the details of run " + describe(runId));
    }
  }

  @Override
  public List<Run> listRuns(
      @Nullable WorkflowStatus status, @Nullable String pipelineName, int limit, int offset) {
    checkPage(limit, offset);
    try {
      return runQueries.page(status, pipelineName, limit, offset);
    } catch (DataConversionException e) {
      for (RawJson raw : runQueries.rawFinalContexts(status, pipelineName, limit, offset)) {
        if (raw.json() != null && !isJsonObject(raw.json())) {
          throw naming(e, "cannot list runs: run " + describe(raw.runId()));
        }
      }
      throw e;
    }
  }

  @Override
  public void setSystemState(String key, @Nullable JsonNode value) {
    Objects.requireNonNull(key, "key");
    system.upsert(new SystemState(key, value == null ? NullNode.getInstance() : value, null));
  }

  @Override
  public Optional<SystemState> getSystemState(String key) {
    Objects.requireNonNull(key, "key");
    try {
      return system.findById(key);
    } catch (DataConversionException e) {
      throw naming(e, "cannot load system state " + describe(key));
    }
  }

  private Optional<Run> findRun(String runId) {
    try {
      return runs.findById(runId);
    } catch (DataConversionException e) {
      throw naming(e, "cannot load the run record of run " + describe(runId));
    }
  }

  /** Touches the run record, creating it with the documented defaults if it is missing. */
  private void ensureRun(String runId) {
    if (!runQueries.touch(runId, db.clock().instant())) {
      runs.insert(defaultRun(runId));
    }
  }

  private static Run defaultRun(String runId) {
    RunStart start = RunStart.of(runId);
    return new Run(
        runId,
        start.pipelineId(),
        start.pipelineName(),
        start.pipelineVersion(),
        WorkflowStatus.RUNNING,
        null,
        null,
        null,
        null,
        null);
  }

  private static boolean isJsonObject(String text) {
    try {
      Json.readObject(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static DataConversionException naming(DataConversionException e, String what) {
    return new DataConversionException(what + ": " + e.getMessage(), e, e.table(), e.column());
  }

  /** A run id or key for a message: quoted, and shortened if very long. */
  static String describe(String id) {
    if (id.length() <= MAX_ID_IN_MESSAGE) {
      return "'" + id + "'";
    }
    return "'" + id.substring(0, MAX_ID_IN_MESSAGE) + "...' (" + id.length() + " characters)";
  }

  private static void checkPage(int limit, int offset) {
    if (limit < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "limit and offset must not be negative, were " + limit + " and " + offset);
    }
  }

  private static void checkAge(Duration age, String name) {
    Objects.requireNonNull(age, name);
    if (age.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + age);
    }
  }
}
