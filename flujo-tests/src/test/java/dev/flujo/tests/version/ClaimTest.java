package dev.flujo.tests.version;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.IsolationLevel;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claiming rows with {@code @Query(lock)} on SQLite and on PostgreSQL: while one worker's
 * transaction holds a claimed row, another worker's claim never returns that row. On PostgreSQL it
 * skips the locked row at once; on SQLite it waits for the write lock and then sees the row taken.
 * A claim outside a transaction behaves the same, since it opens one of its own. Many workers
 * claiming at once take every task exactly once, under PostgreSQL's default SERIALIZABLE (where
 * concurrent claims conflict and are retried as a whole) and under READ COMMITTED.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql", "postgresql-read-committed"})
class ClaimTest {
  /**
   * Under SERIALIZABLE, PostgreSQL fails concurrent claims whose READY predicates overlap with
   * 40001; each is retried as a whole, so a busy queue needs more attempts than the default.
   */
  private static final RetryPolicy CLAIM_RETRIES = RetryPolicy.DEFAULT.withMaxAttempts(50);

  @Parameter String dialect;
  @TempDir Path dir;

  private String url;
  private StateDatabase db;
  private TaskDao taskDao;
  private TaskQueries tasks;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    url =
        postgres()
            ? PostgresServer.get().newDatabase()
            : "jdbc:sqlite:" + dir.resolve("state.db");
    db =
        Databases.open(
            url,
            8,
            dialect.endsWith("read-committed")
                ? IsolationLevel.READ_COMMITTED
                : IsolationLevel.SERIALIZABLE);
    taskDao = new TaskDao(db);
    tasks = new TaskQueriesImpl(db);
    for (long id = 1; id <= 3; id++) {
      taskDao.insert(new Task(id, "READY", null, 0));
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    db.close();
    if (postgres()) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  private boolean postgres() {
    return dialect.startsWith("postgresql");
  }

  @Test
  void aClaimOutsideATransactionNeverReturnsARowAnotherWorkerHolds() throws Exception {
    secondClaimSkipsTheHeldRow(false);
  }

  @Test
  void aClaimInsideATransactionNeverReturnsARowAnotherWorkerHolds() throws Exception {
    secondClaimSkipsTheHeldRow(true);
  }

  private void secondClaimSkipsTheHeldRow(boolean inTransaction) throws Exception {
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first =
        pool.submit(
            () ->
                db.inTransaction(
                    () -> {
                      Task task = tasks.claimable(1).get(0);
                      assertThat(tasks.transition(task.id(), task.version(), "TAKEN", "w1"))
                          .isTrue();
                      claimed.countDown();
                      await(release);
                    }));
    assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<List<Task>> second =
        CompletableFuture.supplyAsync(
            () -> inTransaction ? db.inTransaction(() -> tasks.claimable(1)) : tasks.claimable(1),
            pool);
    if (postgres()) {
      List<Task> got = second.get(10, TimeUnit.SECONDS);
      assertWithMessage("PostgreSQL skips the row the open transaction locked")
          .that(ids(got))
          .containsExactly(2L);
    } else {
      try {
        List<Task> early = second.get(300, TimeUnit.MILLISECONDS);
        throw new AssertionError("SQLite claim ran beside an open writer and read " + ids(early));
      } catch (TimeoutException expected) {
        // waits for the write lock
      }
    }
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(ids(second.get(30, TimeUnit.SECONDS))).containsExactly(2L);
  }

  @Test
  void concurrentWorkersClaimEveryTaskExactlyOnce() throws Exception {
    for (long id = 4; id <= 40; id++) {
      taskDao.insert(new Task(id, "READY", null, 0));
    }
    int workers = 4;
    ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String me = "w" + w;
      futures.add(
          pool.submit(
              () -> {
                while (true) {
                  Long id =
                      db.inTransaction(
                          CLAIM_RETRIES,
                          () -> {
                            List<Task> batch = tasks.claimable(2);
                            if (batch.isEmpty()) {
                              return null;
                            }
                            Task task = batch.get(0);
                            if (!tasks.transition(task.id(), task.version(), "TAKEN", me)) {
                              refused.add(me + " lost " + task.id());
                            }
                            return task.id();
                          });
                  if (id == null) {
                    return;
                  }
                  taken.add(id);
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertThat(refused).isEmpty();
    assertThat(taken).hasSize(40);
    assertThat(new HashSet<>(taken)).hasSize(40);
    assertThat(tasks.countByStatus("TAKEN")).isEqualTo(40);
  }

  @Test
  void forUpdateWaitsForTheHolderAndThenSeesItsWrite() throws Exception {
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first =
        pool.submit(
            () ->
                db.inTransaction(
                    () -> {
                      Task task = tasks.nextReady().orElseThrow();
                      tasks.transition(task.id(), task.version(), "TAKEN", "w1");
                      claimed.countDown();
                      await(release);
                    }));
    assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Long> second =
        CompletableFuture.supplyAsync(
            () -> db.inTransaction(() -> tasks.nextReady().orElseThrow().id()), pool);
    try {
      Long early = second.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("FOR UPDATE did not wait for the holder; read " + early);
    } catch (TimeoutException expected) {
      // waits
    }
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(2L);
  }

  private static Set<Long> ids(List<Task> list) {
    Set<Long> ids = new HashSet<>();
    for (Task t : list) {
      ids.add(t.id());
    }
    return ids;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
