package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for a run's status through change notifications instead of polling. */
class AwaitStatusTest {
  @TempDir Path dir;
  private Stores stores;

  private Stores stores() {
    if (stores == null) {
      stores = new Stores(dir);
    }
    return stores;
  }

  @AfterEach
  void close() {
    if (stores != null) {
      stores.close();
    }
  }

  private static WorkflowState state(String runId, WorkflowStatus status) {
    return WorkflowState.builder(runId).pipelineId("etl").status(status).build();
  }

  @Test
  void waiterIsWokenByAWriterOnAnotherDatabaseOfTheSameFile() throws Exception {
    SqliteWorkflowStateStore waiter =
        new SqliteWorkflowStateStore(stores().open(b -> b.changePollInterval(Duration.ofMillis(20))));
    SqliteWorkflowStateStore worker = stores().store();
    worker.saveState(state("run-1", WorkflowStatus.RUNNING));

    CompletableFuture<Optional<WorkflowState>> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return waiter.awaitStatus("run-1", WorkflowStatus.COMPLETED, Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    assertThat(done.isDone()).isFalse();
    long start = System.nanoTime();
    worker.saveState(state("run-1", WorkflowStatus.COMPLETED));
    Optional<WorkflowState> seen = done.get(10, TimeUnit.SECONDS);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(seen.map(WorkflowState::status)).hasValue(WorkflowStatus.COMPLETED);
    assertThat(waitedMillis).isLessThan(5_000L);
  }

  @Test
  void waiterOnTheSameDatabaseIsWokenByItsCommit() throws Exception {
    SqliteWorkflowStateStore store = stores().store();
    store.saveState(state("run-2", WorkflowStatus.RUNNING));
    CompletableFuture<Optional<WorkflowState>> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return store.awaitStatus("run-2", WorkflowStatus.FAILED, Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(100);
    store.saveState(state("run-2", WorkflowStatus.FAILED));
    assertThat(done.get(10, TimeUnit.SECONDS).map(WorkflowState::status))
        .hasValue(WorkflowStatus.FAILED);
  }

  @Test
  void statusAlreadyReachedReturnsAtOnceAndATimeOutReturnsEmpty() throws Exception {
    SqliteWorkflowStateStore store = stores().store();
    store.saveState(state("run-3", WorkflowStatus.COMPLETED));
    assertThat(store.awaitStatus("run-3", WorkflowStatus.COMPLETED, Duration.ZERO)).isPresent();
    long start = System.nanoTime();
    assertThat(store.awaitStatus("run-3", WorkflowStatus.FAILED, Duration.ofMillis(300))).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isAtLeast(250L);
  }
}
