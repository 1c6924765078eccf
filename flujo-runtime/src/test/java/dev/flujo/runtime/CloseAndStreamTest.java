package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.SqlStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StateDatabase#close()} under load and with work in flight, and streams that give their
 * connection back (issue 18, points 1 and 2).
 */
class CloseAndStreamTest {
  static final TableDefinition ROWS =
      TestTables.table("rows").key("k", "INTEGER").notNull("v", "TEXT").build();
  static final SqlStatement PUT =
      SqlStatement.write(
          "rows",
          "test.put",
          "INSERT INTO rows (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
          null);
  static final SqlStatement GET =
      SqlStatement.read("rows", "test.get", "SELECT v FROM rows WHERE k = ?", null);
  static final SqlStatement ALL =
      SqlStatement.read("rows", "test.all", "SELECT k FROM rows ORDER BY k", null);
  static final SqlStatement COUNT =
      SqlStatement.read("rows", "test.count", "SELECT count(*) FROM rows", null);

  @TempDir Path dir;

  static void put(StateDatabase db, long k) {
    Session.of(db).execute(
        PUT,
        statement -> {
          statement.setLong(1, k);
          statement.setString(2, "v" + k);
          return statement.executeUpdate();
        });
  }

  static boolean get(StateDatabase db, long k) {
    return Session.of(db).execute(
        GET,
        statement -> {
          statement.setLong(1, k);
          try (var rs = statement.executeQuery()) {
            return rs.next();
          }
        });
  }

  static long count(StateDatabase db) {
    return Session.of(db).execute(
        COUNT,
        statement -> {
          try (var rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  static Stream<Long> all(StateDatabase db) {
    return Session.of(db).stream(ALL, s -> {}, row -> row.getLong(1));
  }

  /** Descriptors of this process open on {@code file}, its {@code -wal} or its {@code -shm}. */
  static int descriptors(Path file) throws IOException {
    String base = file.toRealPath().toString();
    int n = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.equals(base) || target.equals(base + "-wal") || target.equals(base + "-shm")) {
            n++;
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    return n;
  }

  @Test
  void closeUnderLoadLeavesNoDescriptorOpenAndTheFileReopens() throws Exception {
    Path file = dir.resolve("load.db");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        StateDatabase db =
            StateDatabase.builder()
                .file(file)
                .tables(ROWS)
                .closeTimeout(Duration.ofMillis(100))
                .open();
        CountDownLatch running = new CountDownLatch(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          work.add(
              threads.submit(
                  () -> {
                    running.countDown();
                    for (long i = 0; ; i++) {
                      try {
                        long k = thread * 1_000_000L + i;
                        if (thread < 2) {
                          // outlasts the close time-out: its connection is closed under it
                          db.inTransaction(
                              () -> {
                                put(db, k);
                                sleep(thread == 0 ? 300 : 3);
                              });
                        } else if (i % 3 == 0) {
                          db.inTransaction(
                              () -> {
                                put(db, k);
                                get(db, k);
                              });
                        } else if (i % 3 == 1) {
                          put(db, k);
                        } else {
                          try (Stream<Long> keys = all(db)) {
                            keys.limit(20).count();
                          }
                        }
                      } catch (IllegalStateException e) {
                        return null;
                      } catch (StateException e) {
                        if (db.isClosed()) {
                          return null;
                        }
                        throw e;
                      }
                    }
                  }));
        }
        running.await();
        Thread.sleep(50);
        db.close();

        assertThat(descriptors(file)).isEqualTo(0);
        for (Future<?> f : work) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertThat(descriptors(file)).isEqualTo(0);
        try (StateDatabase again = StateDatabase.builder().file(file).tables(ROWS).open()) {
          put(again, -1);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aTransactionBodyReturningAfterCloseCommitsNothing() throws Exception {
    Path file = dir.resolve("late.db");
    StateDatabase db =
        StateDatabase.builder().file(file).tables(ROWS).closeTimeout(Duration.ofMillis(100)).open();
    CountDownLatch wrote = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread body =
        new Thread(
            () -> {
              try {
                db.inTransaction(
                    () -> {
                      put(db, 7);
                      wrote.countDown();
                      try {
                        closed.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    body.start();
    wrote.await();
    db.close();
    assertThat(descriptors(file)).isEqualTo(0);
    try (StateDatabase again = StateDatabase.builder().file(file).tables(ROWS).open()) {
      assertThat(get(again, 7)).isFalse();
      closed.countDown();
      body.join(10_000);
      assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
      assertThat(outcome.get()).hasMessageThat().contains("was closed while this ran");
      assertThat(get(again, 7)).isFalse();
      put(again, 8);
    }
  }

  @Test
  void closeWaitsForATransactionThatFinishesWithinTheGracePeriod() throws Exception {
    Path file = dir.resolve("grace.db");
    StateDatabase db =
        StateDatabase.builder().file(file).tables(ROWS).closeTimeout(Duration.ofSeconds(5)).open();
    CountDownLatch wrote = new CountDownLatch(1);
    Thread body =
        new Thread(
            () ->
                db.inTransaction(
                    () -> {
                      put(db, 9);
                      wrote.countDown();
                      sleep(200);
                      put(db, 10);
                    }));
    body.start();
    wrote.await();
    db.close();
    assertThrows(IllegalStateException.class, () -> put(db, 11));
    body.join(10_000);
    try (StateDatabase again = StateDatabase.builder().file(file).tables(ROWS).open()) {
      assertThat(get(again, 9)).isTrue();
      assertThat(get(again, 10)).isTrue();
    }
  }

  @Test
  void streamsReadToTheEndWithoutCloseGiveTheirConnectionBack() {
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("streams.db"))
            .tables(ROWS)
            .poolSize(8)
            .connectionTimeout(Duration.ofSeconds(2))
            .open()) {
      for (long k = 0; k < 50; k++) {
        put(db, k);
      }
      long started = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        List<Long> seen = new ArrayList<>();
        all(db).forEach(seen::add);
        assertThat(seen).hasSize(50);
      }
      for (int i = 0; i < 20; i++) {
        assertThat(all(db).count()).isEqualTo(50);
      }
      put(db, 100);
      assertThat(count(db)).isEqualTo(51);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      Metrics m = db.metrics();
      assertThat(m.poolActive()).isEqualTo(0);
      assertThat(m.poolWaiting()).isEqualTo(0);
      assertThat(m.poolIdle()).isEqualTo(m.poolTotal());
      assertThat(m.openStreams()).isEqualTo(0);
    }
  }

  @Test
  void aStreamThatFailsWhileReadingGivesItsConnectionBack() {
    try (StateDatabase db =
        StateDatabase.builder().file(dir.resolve("fails.db")).tables(ROWS).poolSize(2).open()) {
      put(db, 1);
      for (int i = 0; i < 5; i++) {
        Stream<Long> failing =
            Session.of(db).stream(
                ALL,
                s -> {},
                row -> {
                  throw new DataConversionException("bad row", null, "rows", "k");
                });
        assertThrows(DataConversionException.class, () -> failing.forEach(k -> {}));
      }
      assertThat(db.metrics().poolActive()).isEqualTo(0);
      assertThat(db.metrics().openStreams()).isEqualTo(0);
      assertThat(count(db)).isEqualTo(1);
    }
  }

  @Test
  void streamsLeftOpenAreClosedWithTheDatabase() throws Exception {
    Path file = dir.resolve("open-streams.db");
    StateDatabase db = StateDatabase.builder().file(file).tables(ROWS).open();
    for (long k = 0; k < 10; k++) {
      put(db, k);
    }
    Stream<Long> first = all(db);
    Stream<Long> second = all(db);
    assertThat(db.metrics().openStreams()).isEqualTo(2);
    db.close();
    assertThat(descriptors(file)).isEqualTo(0);
    assertThrows(IllegalStateException.class, () -> first.forEach(k -> {}));
    second.close();
  }

  @Test
  void writingWhileStreamsHoldEveryConnectionFailsFastSayingWhatToDo() throws Exception {
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("small-pool.db"))
            .tables(ROWS)
            .poolSize(2)
            .connectionTimeout(Duration.ofSeconds(3))
            .open()) {
      for (long k = 0; k < 10; k++) {
        put(db, k);
      }
      CyclicBarrier bothStreaming = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<Throwable>> results = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          long offset = 100 + t * 100;
          results.add(
              threads.submit(
                  () -> {
                    try (Stream<Long> keys = all(db)) {
                      bothStreaming.await(10, TimeUnit.SECONDS);
                      keys.forEach(k -> put(db, offset + k));
                      return null;
                    } catch (Throwable e) {
                      return e;
                    }
                  }));
        }
        long started = System.nanoTime();
        int failedFast = 0;
        List<Throwable> failures = new ArrayList<>();
        for (Future<Throwable> r : results) {
          failures.add(r.get(30, TimeUnit.SECONDS));
        }
        for (Throwable failure : failures) {
          if (failure != null) {
            // the other thread may finish once this one's failure closed its stream
            if (!(failure instanceof IllegalStateException)) {
              AssertionError unexpected = new AssertionError("unexpected failure", failure);
              failures.stream().filter(f -> f != null && f != failure).forEach(unexpected::addSuppressed);
              throw unexpected;
            }
            assertThat(failure).hasMessageThat().contains("db.inTransaction");
            failedFast++;
          }
        }
        assertThat(failedFast).isAtLeast(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      } finally {
        threads.shutdownNow();
      }
      assertThat(db.metrics().poolActive()).isEqualTo(0);
      // the idiom the message recommends works on the same small pool
      db.inTransaction(
          () -> {
            try (Stream<Long> keys = all(db)) {
              // this connection's own inserts show up in its open scan: write only past the old keys
              keys.filter(k -> k < 1_000).forEach(k -> put(db, 1_000 + k));
            }
          });
      assertThat(get(db, 1_009)).isTrue();
    }
  }

  @Test
  void aStreamLeftOpenPastTheLeakThresholdIsReportedWithWhereItWasOpened() throws Exception {
    var err = new java.io.ByteArrayOutputStream();
    var original = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("leak.db"))
            .tables(ROWS)
            .leakDetection(Duration.ofMillis(200))
            .open()) {
      put(db, 1);
      put(db, 2);
      Stream<Long> leaked = all(db);
      leaked.iterator().next();
      AtomicBoolean reported = new AtomicBoolean();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!reported.get() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        reported.set(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("is still open"));
      }
      leaked.close();
    } finally {
      System.setErr(original);
    }
    String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log).contains("WARN");
    assertThat(log).contains("test.all");
    assertThat(log).contains("aStreamLeftOpenPastTheLeakThresholdIsReportedWithWhereItWasOpened");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
