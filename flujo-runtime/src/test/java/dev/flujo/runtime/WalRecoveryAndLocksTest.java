package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.CloseAndStreamTest.ROWS;
import static dev.flujo.runtime.CloseAndStreamTest.all;
import static dev.flujo.runtime.CloseAndStreamTest.count;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.SqlStatement;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader never throttles writers; a second open in one JVM keeps the first one's locks; a cut,
 * damaged or orphaned WAL is kept, never silently lost (issue 18, points 3, 4 and 7).
 */
class WalRecoveryAndLocksTest {
  private static final SqlStatement PUT_BLOB =
      SqlStatement.write(
          "rows",
          "test.putBlob",
          "INSERT INTO rows (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
          null);
  private static final int PAGE = 4096;
  private static final int FRAME = 24 + PAGE;

  @TempDir Path dir;

  private static void putText(StateDatabase db, long k, int length) {
    Session.of(db).execute(
        PUT_BLOB,
        statement -> {
          statement.setLong(1, k);
          statement.setString(2, "x".repeat(length));
          return statement.executeUpdate();
        });
  }

  private static long wal(Path file) throws IOException {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }

  /** Milliseconds for {@code writes} single upserts, with one stream left open or not. */
  static long writeMillis(Path file, int writes, boolean pinned, long[] blocked) throws Exception {
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(ROWS).walSizeLimit(256 * 1024).open()) {
      for (long k = 0; k < 10; k++) {
        putText(db, k, 10);
      }
      Stream<Long> reader = pinned ? all(db) : null;
      if (reader != null) {
        reader.iterator().next();
        Thread.sleep(100);
      }
      long started = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        putText(db, 100 + i % 500, 1000);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      blocked[0] = db.metrics().walCheckpointsBlocked();
      if (reader != null) {
        assertThat(wal(file)).isGreaterThan(256 * 1024);
        reader.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (wal(file) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        // truncated once the reader ended, without waiting for another write
        assertThat(wal(file)).isEqualTo(0);
      }
      return millis;
    }
  }

  @Test
  void anOpenStreamDoesNotThrottleWritersAndTheWalIsTruncatedWhenItEnds() throws Exception {
    long[] blocked = new long[1];
    long free = writeMillis(dir.resolve("free.db"), 1_500, false, blocked);
    long pinned = writeMillis(dir.resolve("pinned.db"), 1_500, true, blocked);

    assertThat(blocked[0]).isGreaterThan(0);
    assertThat(pinned).isLessThan(3 * free + 1_000);
  }

  /** Locks of /proc/locks held by this process on {@code file}, without their ordinal. */
  private static List<String> locks(Path file) throws IOException {
    long inode = (Long) Files.getAttribute(file, "unix:ino");
    String pid = Long.toString(ProcessHandle.current().pid());
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .filter(
            line -> {
              String[] f = line.trim().split("\\s+");
              for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals(pid) && f[i + 1].endsWith(":" + inode)) {
                  return true;
                }
              }
              return false;
            })
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .collect(Collectors.toList());
  }

  @Test
  void aSecondOpenOfTheSameFileKeepsTheFirstOnesLocks() throws Exception {
    Path file = dir.resolve("twice.db");
    try (StateDatabase first = StateDatabase.builder().file(file).tables(ROWS).open()) {
      putText(first, 1, 10);
      try (Stream<Long> reading = all(first)) {
        reading.iterator().next();
        List<String> before = locks(file);
        assertThat(before).isNotEmpty();

        try (StateDatabase second = StateDatabase.builder().file(file).tables(ROWS).open()) {
          assertThat(locks(file)).containsAtLeastElementsIn(before);
          assertThat(count(second)).isEqualTo(1);
        }
        assertThat(locks(file)).containsAtLeastElementsIn(before);
      }
      putText(first, 2, 10);
      assertThat(count(first)).isEqualTo(2);
    }
  }

  /** A database of 200 rows, all of them in its WAL, as a crash leaves it: {@code crash.db}. */
  private Path crashed(String name) throws Exception {
    Path live = dir.resolve(name + "-live.db");
    Path crash = dir.resolve(name + ".db");
    try (StateDatabase db = StateDatabase.builder().file(live).tables(ROWS).open()) {
      for (long k = 0; k < 200; k++) {
        putText(db, k, 100);
      }
      Files.copy(live, crash);
      Files.copy(
          live.resolveSibling(live.getFileName() + "-wal"),
          crash.resolveSibling(crash.getFileName() + "-wal"));
    }
    return crash;
  }

  private List<Path> kept(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .collect(Collectors.toList());
    }
  }

  @Test
  void anIntactWalAfterACrashIsRecoveredWholeAndNoCopyIsKept() throws Exception {
    Path crash = crashed("intact");
    assertThat(Files.size(crash)).isGreaterThan(0L);
    assertThat(wal(crash)).isGreaterThan(200L * FRAME / 2);
    try (StateDatabase db = StateDatabase.builder().file(crash).tables(ROWS).open()) {
      assertThat(count(db)).isEqualTo(200);
      assertThat(db.recoveredFrom()).isEmpty();
    }
    assertThat(kept("intact.db-wal.corrupt.")).isEmpty();
  }

  @Test
  void aWalCutMidFrameIsKeptBesideTheBackups() throws Exception {
    Path crash = crashed("cut");
    Path wal = crash.resolveSibling("cut.db-wal");
    long frames = (Files.size(wal) - 32) / FRAME;
    long cut = 32 + (frames / 2) * FRAME + FRAME / 2;
    byte[] before;
    try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
      f.setLength(cut);
    }
    before = Files.readAllBytes(wal);
    long rows;
    try (StateDatabase db = StateDatabase.builder().file(crash).tables(ROWS).open()) {
      rows = count(db);
    }
    assertThat(rows).isLessThan(200);
    List<Path> copies = kept("cut.db-wal.corrupt.");
    assertThat(copies).hasSize(1);
    assertThat(Files.readAllBytes(copies.get(0))).isEqualTo(before);
  }

  @Test
  void aWalWithADamagedFrameIsKeptBesideTheBackups() throws Exception {
    Path crash = crashed("flipped");
    Path wal = crash.resolveSibling("flipped.db-wal");
    long frames = (Files.size(wal) - 32) / FRAME;
    try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
      long at = 32 + (frames / 2) * FRAME + 24 + 100;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x55);
    }
    byte[] before = Files.readAllBytes(wal);
    long rows;
    try (StateDatabase db = StateDatabase.builder().file(crash).tables(ROWS).open()) {
      rows = count(db);
    }
    assertThat(rows).isLessThan(200);
    List<Path> copies = kept("flipped.db-wal.corrupt.");
    assertThat(copies).hasSize(1);
    assertThat(Files.readAllBytes(copies.get(0))).isEqualTo(before);
  }

  @Test
  void anEmptyDatabaseFileBesideAWalWithCommitsIsBackedUpNotRecreatedOver() throws Exception {
    Path crash = crashed("empty");
    Files.write(crash, new byte[0]);
    byte[] walBytes = Files.readAllBytes(crash.resolveSibling("empty.db-wal"));

    assertThrows(
        CorruptDatabaseException.class,
        () ->
            StateDatabase.builder()
                .file(crash)
                .tables(ROWS)
                .corruptionPolicy(CorruptionPolicy.FAIL)
                .open());
    assertThat(Files.readAllBytes(crash.resolveSibling("empty.db-wal"))).isEqualTo(walBytes);

    try (StateDatabase db = StateDatabase.builder().file(crash).tables(ROWS).open()) {
      assertThat(db.recoveredFrom()).isPresent();
      Path backup = db.recoveredFrom().get();
      Path backupWal = backup.resolveSibling(backup.getFileName() + "-wal");
      assertThat(Files.readAllBytes(backupWal)).isEqualTo(walBytes);
      assertThat(count(db)).isEqualTo(0);
    }
  }
}
