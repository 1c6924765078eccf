package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.spi.Retrier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's fault-tolerance suite: corrupt files, failed commits, full and read-only files. */
class FaultToleranceTest {
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

  private List<Path> backups() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("state.db.corrupt."))
          .filter(p -> !p.getFileName().toString().endsWith("-wal"))
          .filter(p -> !p.getFileName().toString().endsWith("-shm"))
          .toList();
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsMovedAsideAndTheStoreStartsAfresh() throws Exception {
    byte[] garbage =
        "these are not the pages you are looking for\n"
            .repeat(200)
            .getBytes(StandardCharsets.UTF_8);
    Files.write(stores.file(), garbage);

    SqliteWorkflowStateStore store = stores.store();

    assertThat(backups()).hasSize(1);
    Path backup = backups().get(0);
    assertThat(store.database().recoveredFrom()).hasValue(backup);
    assertThat(Files.readAllBytes(backup)).isEqualTo(garbage);
    store.saveState(WorkflowState.builder("after").build());
    assertThat(store.loadState("after")).isPresent();
  }

  @Test
  void aDatabaseWithDamagedPagesIsMovedAsideWithItsData() throws Exception {
    SqliteWorkflowStateStore first = stores.store();
    for (int i = 0; i < 200; i++) {
      first.saveState(
          WorkflowState.builder("run-" + i)
              .pipelineContext(Map.of("pad", "x".repeat(500)))
              .build());
    }
    stores.close();
    byte[] bytes = Files.readAllBytes(stores.file());
    for (int i = 4096 * 3; i < bytes.length; i += 7) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(stores.file(), bytes);

    Stores again = new Stores(dir);
    try {
      SqliteWorkflowStateStore store = again.store();
      assertThat(store.database().recoveredFrom()).isPresent();
      assertThat(backups()).hasSize(1);
      assertThat(Files.readAllBytes(backups().get(0))).isEqualTo(bytes);
      assertThat(store.workflowStats().total()).isEqualTo(0);
    } finally {
      again.close();
    }
  }

  @Test
  void underTheFailPolicyACorruptFileIsRefusedAndLeftUntouched() throws Exception {
    byte[] garbage = "not a database".repeat(100).getBytes(StandardCharsets.UTF_8);
    Files.write(stores.file(), garbage);

    assertThrows(
        CorruptDatabaseException.class,
        () -> stores.open(b -> b.corruptionPolicy(CorruptionPolicy.FAIL)));

    assertThat(Files.readAllBytes(stores.file())).isEqualTo(garbage);
    assertThat(backups()).isEmpty();
  }

  /** A deferred foreign key that a trigger breaks for one run, so its COMMIT fails. */
  private void failCommitsOf(String table, String runId) throws Exception {
    stores.sql(
        "CREATE TABLE IF NOT EXISTS gate(id TEXT PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS audit(run_id TEXT REFERENCES gate(id)"
            + " DEFERRABLE INITIALLY DEFERRED)",
        "CREATE TRIGGER doom_"
            + table
            + " AFTER INSERT ON "
            + table
            + " WHEN NEW.run_id = '"
            + runId
            + "' BEGIN INSERT INTO audit VALUES (NEW.run_id); END");
  }

  @Test
  void aFailedCommitLeavesNeitherTheStateNorTheStep() throws Exception {
    SqliteWorkflowStateStore store = stores.store();
    failCommitsOf("steps", "doomed");

    ConstraintViolationException e =
        assertThrows(
            ConstraintViolationException.class,
            () ->
                store.recordStep(
                    WorkflowState.builder("doomed").build(),
                    StepResult.of("doomed", 0, null, null)));

    assertThat(e.resultCode()).isEqualTo(787); // SQLITE_CONSTRAINT_FOREIGNKEY, at COMMIT
    assertThat(store.loadState("doomed")).isEmpty();
    assertThat(store.runDetails("doomed")).isEmpty();
    store.recordStep(WorkflowState.builder("fine").build(), StepResult.of("fine", 0, null, null));
    assertThat(store.loadState("fine")).isPresent();
  }

  @Test
  void aFailedAutocommitOfASingleSaveLeavesNoRow() throws Exception {
    SqliteWorkflowStateStore store = stores.store();
    failCommitsOf("workflow_state", "doomed");

    assertThrows(
        ConstraintViolationException.class,
        () -> store.saveState(WorkflowState.builder("doomed").build()));

    assertThat(store.loadState("doomed")).isEmpty();
    assertThat(store.workflowStats().total()).isEqualTo(0);
  }

  @Test
  void aProcessKilledInsideTheTransactionLeavesNeitherStateNorStep() throws Exception {
    stores.store().database().close();

    assertThat(crashWriter("mid-run", "mid")).isEqualTo(3);

    SqliteWorkflowStateStore store = new Stores(dir).store();
    try {
      assertThat(store.loadState("mid-run")).isEmpty();
      assertThat(store.runDetails("mid-run")).isEmpty();
    } finally {
      store.database().close();
    }
  }

  @Test
  void aProcessKilledAfterTheCommitKeepsStateAndStep() throws Exception {
    stores.store().database().close();

    assertThat(crashWriter("done-run", "after")).isEqualTo(3);

    SqliteWorkflowStateStore store = new Stores(dir).store();
    try {
      assertThat(store.loadState("done-run")).isPresent();
      assertThat(store.runDetails("done-run").orElseThrow().steps()).hasSize(1);
    } finally {
      store.database().close();
    }
  }

  private int crashWriter(String runId, String when) throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CrashingWriter.class.getName(),
                stores.file().toString(),
                runId,
                when)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child-" + when + ".log").toFile())
            .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return child.exitValue();
  }

  @Test
  void aFullDatabaseFailsClearlyWithoutRetriesAndKeepsWhatItHad() {
    SqliteWorkflowStateStore sqlite =
        new SqliteWorkflowStateStore(
            stores.open(b -> b.url("jdbc:sqlite:file:" + stores.file() + "?max_page_count=80")));
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);
    String pad = "x".repeat(20_000);

    StateException e = null;
    int saved = 0;
    while (e == null && saved < 1_000) {
      try {
        store.saveState(
            WorkflowState.builder("run-" + saved).pipelineContext(Map.of("pad", pad)).build());
        saved++;
      } catch (StateException failure) {
        e = failure;
      }
    }

    assertThat(e).isNotNull();
    assertThat(e.resultCode() & 0xff).isEqualTo(13); // SQLITE_FULL
    assertThat(e).isNotInstanceOf(TransientStateException.class);
    assertThat(e).isNotInstanceOf(RetryExhaustedException.class);
    assertThat(e.table()).isEqualTo("workflow_state");
    assertThat(sleeps).isEmpty();
    assertThat(saved).isGreaterThan(0);
    assertThat(store.loadState("run-" + saved)).isEmpty();
    assertThat(store.loadState("run-" + (saved - 1))).isPresent();
    assertThat(store.workflowStats().total()).isEqualTo(saved);
  }

  @Test
  void aReadOnlyDatabaseServesReadsAndRefusesWritesClearly() {
    SqliteWorkflowStateStore writable = stores.store();
    writable.saveState(WorkflowState.builder("run-1").build());
    writable.database().close();

    SqliteWorkflowStateStore sqlite =
        new SqliteWorkflowStateStore(
            stores.open(b -> b.url("jdbc:sqlite:file:" + stores.file() + "?mode=ro")));
    Retrier retrier = new Retrier(sleeps::add, () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);

    assertThat(store.loadState("run-1")).isPresent();
    StateException e =
        assertThrows(
            StateException.class, () -> store.saveState(WorkflowState.builder("run-2").build()));
    StateException tx =
        assertThrows(
            StateException.class,
            () -> store.saveStepResult(StepResult.of("run-1", 0, null, null)));

    assertThat(e.resultCode() & 0xff).isEqualTo(8); // SQLITE_READONLY
    assertThat(e).isNotInstanceOf(TransientStateException.class);
    assertThat(e).hasMessageThat().contains("WorkflowStateDao.upsert");
    assertThat(tx.resultCode() & 0xff).isEqualTo(8);
    assertThat(sleeps).isEmpty();
    assertThat(store.loadState("run-2")).isEmpty();
  }

  @Test
  void aTimeOutWaitingForAPooledConnectionIsRetried() throws Exception {
    SqliteWorkflowStateStore sqlite =
        new SqliteWorkflowStateStore(
            stores.open(b -> b.poolSize(1).connectionTimeout(Duration.ofMillis(250))));
    sqlite.saveState(WorkflowState.builder("existing").build());
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Stream<WorkflowState> all =
                  new WorkflowStateDao(sqlite.database()).streamAll()) {
                all.iterator().next();
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
    Retrier retrier =
        new Retrier(
            millis -> {
              sleeps.add(millis);
              release.countDown();
              holder.join();
            },
            () -> 0.0);
    WorkflowStateStore store = new RetryingWorkflowStateStore(sqlite, retrier);

    store.saveState(WorkflowState.builder("run-1").build());

    assertThat(sleeps).hasSize(1);
    assertThat(retrier.retries()).isEqualTo(1);
    assertThat(store.loadState("run-1")).isPresent();
    assertThat(sqlite.database().metrics().transientFailures()).isEqualTo(1);
  }
}
