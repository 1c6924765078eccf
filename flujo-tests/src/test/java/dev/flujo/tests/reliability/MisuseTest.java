package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.tests.misuse.Plain;
import dev.flujo.tests.misuse.PlainDao;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Misuse, measured (issue 18): descriptors left after {@code close()} under load, the pool after
 * many streams read to the end and never closed, writers beside a reader left open, and what
 * recovery does with a cut, damaged or orphaned WAL.
 */
@Tag("reliability")
@Isolated("its throughput figures assume it runs alone")
class MisuseTest {
  private static final String NOTE = "n".repeat(1_000);
  private static final int FRAME = 24 + 4096;

  @TempDir Path dir;

  private static int descriptors(Path file) throws IOException {
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

  private static StateDatabase open(Path file) {
    return StateDatabase.builder()
        .file(file)
        .tables(PlainDao.TABLE)
        .closeTimeout(Duration.ofMillis(100))
        .open();
  }

  @Test
  void closeUnderLoadLeavesNoDescriptor() throws Exception {
    int rounds = Settings.choose("misuse.closeRounds", 5, 50);
    Path file = dir.resolve("close.db");
    ExecutorService threads = Executors.newFixedThreadPool(8);
    int maxLeft = 0;
    int total = 0;
    try {
      for (int round = 0; round < rounds; round++) {
        StateDatabase db = open(file);
        PlainDao rows = new PlainDao(db);
        CountDownLatch started = new CountDownLatch(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          work.add(
              threads.submit(
                  () -> {
                    started.countDown();
                    for (int i = 0; ; i++) {
                      String id = thread + "-" + (i % 200);
                      try {
                        if (thread == 0) {
                          db.inTransaction(
                              () -> {
                                rows.upsert(new Plain(id, "slow"));
                                pause(300);
                              });
                        } else if (i % 3 == 0) {
                          db.inTransaction(
                              () -> {
                                rows.upsert(new Plain(id, "tx"));
                                rows.findById(id);
                              });
                        } else if (i % 3 == 1) {
                          rows.upsert(new Plain(id, "single"));
                        } else {
                          try (Stream<Plain> all = rows.streamAll()) {
                            all.limit(20).count();
                          }
                        }
                      } catch (IllegalStateException e) {
                        return null;
                      } catch (StateException e) {
                        if (!db.isClosed()) {
                          throw e;
                        }
                        return null;
                      }
                    }
                  }));
        }
        started.await();
        Thread.sleep(100);
        db.close();
        int left = descriptors(file);
        maxLeft = Math.max(maxLeft, left);
        total += left;
        for (Future<?> f : work) {
          f.get(30, TimeUnit.SECONDS);
        }
        total += descriptors(file);
      }
    } finally {
      threads.shutdownNow();
    }
    Figures.of("misuse close-under-load")
        .put("rounds", rounds)
        .put("threads", 8)
        .put("descriptorsLeftMax", maxLeft)
        .put("descriptorsLeftTotal", total)
        .record();
    assertThat(total).isEqualTo(0);
  }

  @Test
  void streamsReadToTheEndNeverExhaustThePool() {
    int streams = Settings.choose("misuse.streams", 200, 10_000);
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("streams.db"))
            .tables(PlainDao.TABLE)
            .poolSize(8)
            .connectionTimeout(Duration.ofSeconds(2))
            .open()) {
      PlainDao rows = new PlainDao(db);
      for (int i = 0; i < 20; i++) {
        rows.upsert(new Plain("r" + i, "x"));
      }
      long started = System.nanoTime();
      long seen = 0;
      for (int i = 0; i < streams; i++) {
        seen += i % 2 == 0 ? rows.streamAll().count() : countByForEach(rows);
      }
      long streamMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      long opStarted = System.nanoTime();
      rows.upsert(new Plain("after", "x"));
      long opMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - opStarted);
      Metrics m = db.metrics();
      Figures.of("misuse streams")
          .put("streamsNotClosed", streams)
          .put("rowsSeen", seen)
          .put("millis", streamMillis)
          .put("upsertAfterMicros", opMicros)
          .put("poolActive", m.poolActive())
          .put("poolIdle", m.poolIdle())
          .put("poolTotal", m.poolTotal())
          .put("openStreams", m.openStreams())
          .record();
      assertThat(seen).isEqualTo(20L * streams);
      assertThat(m.poolActive()).isEqualTo(0);
      assertThat(m.openStreams()).isEqualTo(0);
    }
  }

  private static long countByForEach(PlainDao rows) {
    long[] n = new long[1];
    rows.streamAll().forEach(row -> n[0]++);
    return n[0];
  }

  private static long walBytes(Path file) throws IOException {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }

  /** Writes single upserts with or without a stream left open; figures into {@code out}. */
  private static double writesPerSecond(Path file, boolean pinned, Figures out) throws Exception {
    int writes = Settings.choose("misuse.pinnedWrites", 2_000, 20_000);
    long limit = Settings.longForm() ? 4L << 20 : 256L << 10;
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(PlainDao.TABLE).walSizeLimit(limit).open()) {
      PlainDao rows = new PlainDao(db);
      for (int i = 0; i < 10; i++) {
        rows.upsert(new Plain("seed" + i, "x"));
      }
      Stream<Plain> reader = pinned ? rows.streamAll() : null;
      if (reader != null) {
        reader.iterator().next();
        Thread.sleep(100);
      }
      long peak = 0;
      long started = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        rows.upsert(new Plain("w" + (i % 1_000), NOTE));
        if (i % 100 == 0) {
          peak = Math.max(peak, walBytes(file));
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String kind = pinned ? "pinned" : "free";
      out.put(kind + "Writes", writes)
          .put(kind + "Seconds", String.format("%.2f", seconds))
          .put(kind + "WritesPerSecond", Math.round(writes / seconds))
          .put(kind + "WalPeakBytes", peak)
          .put(kind + "CheckpointsBlocked", db.metrics().walCheckpointsBlocked());
      if (reader != null) {
        long closed = System.nanoTime();
        reader.close();
        while (walBytes(file) > 0 && System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(5)) {
          Thread.sleep(1);
        }
        out.put("walBytesAfterReaderEnded", walBytes(file))
            .put(
                "truncatedWithinMillis",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed));
        assertThat(walBytes(file)).isEqualTo(0);
      }
      return writes / seconds;
    }
  }

  @Test
  void aReaderLeftOpenDoesNotThrottleWriters() throws Exception {
    Figures figures = Figures.of("misuse pinned-reader");
    double free = writesPerSecond(dir.resolve("free.db"), false, figures);
    double pinned = writesPerSecond(dir.resolve("pinned.db"), true, figures);
    figures.put("ratio", String.format("%.2f", free / pinned)).record();
    assertThat(pinned).isGreaterThan(free / 3);
  }

  /** A file of 200 rows, all in its WAL, as a crash leaves it. */
  private Path crashed(String name) throws Exception {
    Path live = dir.resolve(name + "-live.db");
    Path crash = dir.resolve(name + ".db");
    try (StateDatabase db = open(live)) {
      PlainDao rows = new PlainDao(db);
      for (int i = 0; i < 200; i++) {
        rows.upsert(new Plain(String.format("%03d", i), "x".repeat(100)));
      }
      Files.copy(live, crash);
      Files.copy(live.resolveSibling(name + "-live.db-wal"), dir.resolve(name + ".db-wal"));
    }
    return crash;
  }

  private String recover(String name, Path crash) throws IOException {
    long rows;
    String backup;
    try (StateDatabase db = open(crash)) {
      rows = new PlainDao(db).count();
      backup = db.recoveredFrom().map(p -> p.getFileName().toString()).orElse("-");
    }
    long copies;
    try (Stream<Path> files = Files.list(dir)) {
      copies =
          files.filter(p -> p.getFileName().toString().startsWith(name + ".db-wal.corrupt.")).count();
    }
    return rows + " of 200 rows, WAL copies kept " + copies + ", database backup " + backup;
  }

  @Test
  void walRecoveryOutcomes() throws Exception {
    Figures figures = Figures.of("misuse wal-recovery");

    Path intact = crashed("intact");
    String intactOutcome = recover("intact", intact);
    figures.put("intact", intactOutcome);
    assertThat(intactOutcome).startsWith("200 of 200");
    assertThat(intactOutcome).contains("copies kept 0");

    Path cut = crashed("cut");
    Path cutWal = dir.resolve("cut.db-wal");
    long frames = (Files.size(cutWal) - 32) / FRAME;
    try (RandomAccessFile f = new RandomAccessFile(cutWal.toFile(), "rw")) {
      f.setLength(32 + (frames / 2) * FRAME + FRAME / 2);
    }
    String cutOutcome = recover("cut", cut);
    figures.put("cutMidFrame", cutOutcome);
    assertThat(cutOutcome).contains("copies kept 1");

    Path flipped = crashed("flipped");
    Path flippedWal = dir.resolve("flipped.db-wal");
    try (RandomAccessFile f = new RandomAccessFile(flippedWal.toFile(), "rw")) {
      long at = 32 + (frames / 2) * FRAME + 24 + 100;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x55);
    }
    String flippedOutcome = recover("flipped", flipped);
    figures.put("flippedByte", flippedOutcome);
    assertThat(flippedOutcome).contains("copies kept 1");

    Path empty = crashed("empty");
    Files.write(empty, new byte[0]);
    String emptyOutcome = recover("empty", empty);
    figures.put("emptyMainFile", emptyOutcome);
    assertThat(emptyOutcome).doesNotContain("backup -");
    figures.record();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
