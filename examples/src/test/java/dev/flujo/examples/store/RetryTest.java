package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.spi.Retrier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's retry suite, on {@code RetryingWorkflowStateStore} over a real file: real lock
 * contention from another connection, and a recording delegate for what passes through.
 */
class RetryTest {
  /** The interface's {@code @DbRetry(maxAttempts = 10)}. */
  private static final int ATTEMPTS = 10;

  @TempDir Path dir;

  private Stores stores;
  private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void open() {
    stores = new Stores(dir);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  /** The store with no busy wait, so a held lock fails at once as SQLITE_BUSY. */
  private SqliteWorkflowStateStore impatientStore() {
    return new SqliteWorkflowStateStore(stores.open(b -> b.busyTimeout(Duration.ZERO)));
  }

  /** Another connection that holds the write lock until closed or committed. */
  private Connection lockHolder() throws SQLException {
    Connection c = stores.connect();
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO system_state(state_key, value, updated_at) VALUES ('held', '1', 0)");
    }
    return c;
  }

  private static void commit(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("COMMIT");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSaveLockedTwiceSucceedsOnTheThirdAttempt() throws Exception {
    SqliteWorkflowStateStore sqlite = impatientStore();
    try (Connection holder = lockHolder()) {
      Retrier retrier =
          new Retrier(
              millis -> {
                sleeps.add(millis);
                if (sleeps.size() == 2) {
                  commit(holder);
                }
              },
              () -> 0.0);
      WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);

      store.recordStep(
          WorkflowState.builder("run-1").build(), StepResult.of("run-1", 0, null, null));

      assertThat(sleeps).containsExactly(10L, 20L).inOrder();
      assertThat(retrier.retries()).isEqualTo(2);
      assertThat(retrier.transientFailures()).isEqualTo(2);
    }
    assertThat(sqlite.loadState("run-1")).isPresent();
    assertThat(sqlite.runDetails("run-1").orElseThrow().steps()).hasSize(1);
    assertThat(sqlite.getSystemState("held")).isPresent();
    // the database saw the busy failures but left the retrying to the wrapper
    assertThat(sqlite.database().metrics().transientFailures()).isEqualTo(2);
    assertThat(sqlite.database().metrics().retries()).isEqualTo(0);
  }

  @Test
  void aLockHeldThroughEveryAttemptExhaustsThePolicyAndWritesNothing() throws Exception {
    SqliteWorkflowStateStore sqlite = impatientStore();
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);
    RetryExhaustedException e;
    try (Connection holder = lockHolder()) {
      e =
          assertThrows(
              RetryExhaustedException.class,
              () ->
                  store.recordStep(
                      WorkflowState.builder("run-1").build(),
                      StepResult.of("run-1", 0, null, null)));
      try (Statement s = holder.createStatement()) {
        s.execute("ROLLBACK");
      }
    }

    assertThat(e.attempts()).isEqualTo(ATTEMPTS);
    assertThat(e.lastCause().resultCode() & 0xff).isEqualTo(5);
    assertThat(e).hasMessageThat().contains("WorkflowStateStore.recordStep");
    assertThat(sleeps)
        .containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 500L, 500L, 500L)
        .inOrder();
    assertThat(e.waitedMillis()).isEqualTo(2130);
    assertThat(retrier.exhausted()).isEqualTo(1);
    assertThat(sqlite.loadState("run-1")).isEmpty();
    assertThat(sqlite.runDetails("run-1")).isEmpty();
  }

  @Test
  void aMissingTableIsNotRetried() throws Exception {
    SqliteWorkflowStateStore sqlite = stores.store();
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);
    stores.sql("DROP TABLE steps");

    StateException e =
        assertThrows(
            StateException.class,
            () -> store.saveStepResult(StepResult.of("run-1", 0, null, null)));

    assertThat(e).isNotInstanceOf(TransientStateException.class);
    assertThat(e).isNotInstanceOf(RetryExhaustedException.class);
    assertThat(e.resultCode()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(retrier.retries()).isEqualTo(0);
    // the run record written before the failing statement was rolled back with it
    assertThat(store.runDetails("run-1")).isEmpty();
  }

  @Test
  void aConstraintViolationIsNotRetried() {
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(stores.store(), retrier);

    ConstraintViolationException e =
        assertThrows(
            ConstraintViolationException.class,
            () ->
                store.saveState(WorkflowState.builder("run-1").memoryUsageMb(Double.NaN).build()));

    assertThat(e.column()).isEqualTo("memory_usage_mb");
    assertThat(sleeps).isEmpty();
    assertThat(store.loadState("run-1")).isEmpty();
  }

  @Test
  void concurrentCallersOnTwoDatabasesOfOneFileAllSucceed() throws Exception {
    WorkflowStateStore first =
        new RetryingWorkflowStateStore(stores.store(), new Retrier(sleeps::add, () -> 0.5));
    WorkflowStateStore second =
        new RetryingWorkflowStateStore(stores.store(), new Retrier(sleeps::add, () -> 0.5));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        WorkflowStateStore store = t % 2 == 0 ? first : second;
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String run = "t" + thread + "-" + i;
                    store.recordStep(
                        WorkflowState.builder(run).currentStepIndex(1).build(),
                        StepResult.of(run, 0, StepStatus.COMPLETED, TextNode.valueOf(run)));
                    assertThat(store.loadState(run)).isPresent();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(first.workflowStats().total()).isEqualTo(320);
    assertThat(second.listRuns(null, null, 1_000, 0)).hasSize(320);
  }

  /** A delegate that records every call and answers with fixed objects. */
  private static final class Recorder implements InvocationHandler {
    final List<Object[]> calls = new ArrayList<>();
    final Map<String, Object> answers;
    int failFirst;

    Recorder(Map<String, Object> answers) {
      this.answers = answers;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      calls.add(args == null ? new Object[0] : args);
      if (failFirst > 0) {
        failFirst--;
        throw new TransientStateException("database is locked (simulated)", null);
      }
      return answers.get(method.getName());
    }

    WorkflowStateStore proxy() {
      return (WorkflowStateStore)
          Proxy.newProxyInstance(
              WorkflowStateStore.class.getClassLoader(),
              new Class<?>[] {WorkflowStateStore.class},
              this);
    }
  }

  @Test
  void argumentsAndReturnValuesPassThroughUnchanged() {
    Optional<WorkflowState> loaded = Optional.of(WorkflowState.builder("x").build());
    WorkflowStats stats = new WorkflowStats(0, Map.of(), 0, OptionalDouble.empty());
    List<WorkflowSummary> page = new ArrayList<>();
    Recorder recorder =
        new Recorder(
            Map.of(
                "loadState", loaded,
                "workflowStats", stats,
                "listWorkflows", page,
                "cleanupOlderThan", 17,
                "deleteState", true));
    WorkflowStateStore store = new RetryingWorkflowStateStore(recorder.proxy());
    WorkflowState state = WorkflowState.builder("run-1").build();
    StepResult step = StepResult.of("run-1", 0, null, null);
    Duration age = Duration.ofDays(3);

    assertSame(loaded, store.loadState("run-1"));
    assertSame(stats, store.workflowStats());
    assertSame(page, store.listWorkflows(WorkflowStatus.FAILED, null, 5, 10));
    assertThat(store.cleanupOlderThan(age)).isEqualTo(17);
    assertThat(store.deleteState("run-1")).isTrue();
    store.recordStep(state, step);

    assertThat(recorder.calls.get(2))
        .asList()
        .containsExactly(WorkflowStatus.FAILED, null, 5, 10)
        .inOrder();
    assertSame(age, recorder.calls.get(3)[0]);
    assertSame(state, recorder.calls.get(5)[0]);
    assertSame(step, recorder.calls.get(5)[1]);
  }

  @Test
  void aTransientFailureRerunsTheWholeMethodWithTheSameArguments() {
    Optional<WorkflowState> loaded = Optional.empty();
    Recorder recorder = new Recorder(Map.of("loadState", loaded));
    recorder.failFirst = 2;
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(recorder.proxy(), retrier);
    String runId = new String("run-1".toCharArray());

    assertSame(loaded, store.loadState(runId));

    assertThat(recorder.calls).hasSize(3);
    for (Object[] call : recorder.calls) {
      assertSame(runId, call[0]);
    }
    assertThat(retrier.retries()).isEqualTo(2);
  }
}
