package dev.flujo.tests.tx;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers and readers on one file through generated DAOs: writers are serialized by the
 * runtime (never by SQLite's busy handler), readers take no lock. Readers pause 1 ms between reads,
 * as real ones do; readers spinning flat out on two cores starve the single writer of CPU and pin
 * WAL snapshots so the log cannot restart, which measures the machine rather than Flujo.
 */
class ConcurrentWritersTest {
  private static final int WRITERS = 16;
  private static final int UPSERTS_PER_WRITER = 2_000;
  private static final int READERS = 8;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sixteenWritersAndEightReadersLoseNothingAndNeverFail() throws Exception {
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("concurrent.db"))
            .tables(AccountDao.TABLE)
            .poolSize(WRITERS + READERS)
            .open()) {
      AccountDao accounts = new AccountDao(db);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong reads = new AtomicLong();
      AtomicLong readsDuringWrites = new AtomicLong();
      LongAccumulator slowestReadNanos = new LongAccumulator(Math::max, 0);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
      List<Future<?>> writers = new ArrayList<>();
      List<Future<?>> readers = new ArrayList<>();
      long began = System.nanoTime();
      try {
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.add(
              pool.submit(
                  () -> {
                    await(start);
                    for (int i = 0; i < UPSERTS_PER_WRITER; i++) {
                      try {
                        accounts.upsert(Account.of("w" + writer + "-" + i, i));
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }
                  }));
        }
        for (int r = 0; r < READERS; r++) {
          int reader = r;
          readers.add(
              pool.submit(
                  () -> {
                    await(start);
                    int i = 0;
                    while (writing.get()) {
                      long t0 = System.nanoTime();
                      try {
                        String id = "w" + (i % WRITERS) + "-" + (i * 7 % UPSERTS_PER_WRITER);
                        if (i++ % 2 == 0) {
                          accounts.findById(id);
                        } else {
                          db.readTransaction(
                              () -> accounts.existsById(id) || accounts.findById(id).isPresent());
                        }
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                      slowestReadNanos.accumulate(System.nanoTime() - t0);
                      reads.incrementAndGet();
                      if (writing.get()) {
                        readsDuringWrites.incrementAndGet();
                      }
                      pause();
                    }
                  }));
        }
        start.countDown();
        for (Future<?> f : writers) {
          f.get(55, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> f : readers) {
          f.get(10, TimeUnit.SECONDS);
        }
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

      assertThat(failures).isEmpty();
      assertThat(accounts.count()).isEqualTo((long) WRITERS * UPSERTS_PER_WRITER);
      Set<String> ids = new HashSet<>();
      accounts.findAll().forEach(a -> ids.add(a.id()));
      for (int w = 0; w < WRITERS; w++) {
        for (int i = 0; i < UPSERTS_PER_WRITER; i++) {
          assertThat(ids.contains("w" + w + "-" + i)).isTrue();
        }
      }
      Metrics metrics = db.metrics();
      assertThat(metrics.transientFailures()).isEqualTo(0);
      assertThat(metrics.retries()).isEqualTo(0);
      assertThat(readsDuringWrites.get()).isAtLeast((long) READERS);
      // readers take no write lock: no read waits for the stream of 32,000 commits
      assertThat(TimeUnit.NANOSECONDS.toMillis(slowestReadNanos.get())).isLessThan(2_000L);
      System.out.printf(
          "%d upserts by %d threads in %d ms (%.0f/s); %d reads alongside, slowest %.1f ms%n",
          WRITERS * UPSERTS_PER_WRITER,
          WRITERS,
          elapsedMillis,
          WRITERS * UPSERTS_PER_WRITER * 1000.0 / elapsedMillis,
          reads.get(),
          slowestReadNanos.get() / 1e6);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
