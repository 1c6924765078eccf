package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online backup under load and across a SIGKILL, and restore against a file another process holds
 * (docs/operations.md). The CI form backs up for 3 s; {@code -Preliability} for 30 s
 * ({@code -Dflujo.reliability.backupSeconds=n} overrides).
 */
@Tag("reliability")
class BackupReliabilityTest {
  private static final int ROWS = 12_000;

  @TempDir Path dir;

  private static StateDatabase open(Path file) {
    return StateDatabase.builder().file(file).tables(BackupRowDao.TABLE).open();
  }

  /** count(*), min(seq), max(seq) of a backup that passed integrity_check. */
  private static long[] checked(Path backup) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0) FROM rel_backup_row")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
      }
    }
  }

  @Test
  void backupsEvery100MillisWhileEightThreadsCommitEachHoldAPrefixOfTheCommits() throws Exception {
    int seconds = Settings.choose("backupSeconds", 3, 30);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong maxCommitNanos = new AtomicLong();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> running = new ArrayList<>();
    List<Long> backupMillis = new ArrayList<>();
    long newest = 0;
    try (StateDatabase db = open(dir.resolve("live.db"))) {
      BackupRowDao rows = new BackupRowDao(db);
      String payload = "p".repeat(300);
      for (int w = 0; w < 8; w++) {
        int writer = w;
        running.add(
            writers.submit(
                () -> {
                  while (writing.get()) {
                    long start = System.nanoTime();
                    long seq =
                        db.inTransaction(
                            () -> {
                              long next = rows.count() + 1;
                              rows.insert(new BackupRow(next, writer, payload));
                              return next;
                            });
                    maxCommitNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    acknowledged.accumulateAndGet(seq, Math::max);
                  }
                  return null;
                }));
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      for (int n = 0; System.nanoTime() < end; n++) {
        long before = acknowledged.get();
        Path target = dir.resolve("backup-" + n + ".db");
        backupMillis.add(db.backupTo(target).elapsed().toMillis());
        long[] found = checked(target);
        assertThat(found[0]).isEqualTo(found[2]);
        assertThat(found[1]).isEqualTo(found[0] == 0 ? 0 : 1);
        assertThat(found[2]).isAtLeast(before);
        newest = found[2];
        Files.delete(target);
        Thread.sleep(100);
      }
      writing.set(false);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      writers.shutdownNow();
    }
    assertThat(backupMillis.size()).isAtLeast(seconds);
    assertThat(newest).isGreaterThan(0);
    List<Long> sorted = backupMillis.stream().sorted().toList();
    Figures.of("backup")
        .put("seconds", seconds)
        .put("backups", sorted.size())
        .put("backupMedianMs", sorted.get(sorted.size() / 2))
        .put("backupLongestMs", sorted.get(sorted.size() - 1))
        .put("commits", acknowledged.get())
        .put("longestCommitMs", String.format(Locale.ROOT, "%.1f", maxCommitNanos.get() / 1e6))
        .record();
  }

  @Test
  void aBackupKilledMidwayLeavesTheLiveFileIntactAndNoHalfBackupUnderTheFinalName()
      throws Exception {
    Path live = dir.resolve("live.db");
    try (StateDatabase db = open(live)) {
      BackupRowDao rows = new BackupRowDao(db);
      List<BackupRow> batch = new ArrayList<>();
      String payload = "x".repeat(2_000);
      for (long seq = 1; seq <= ROWS; seq++) {
        batch.add(new BackupRow(seq, 0, payload));
      }
      rows.upsertAll(batch);
    }
    boolean killedMidway = false;
    for (int attempt = 0; attempt < 5 && !killedMidway; attempt++) {
      Path backups = Files.createDirectories(dir.resolve("backups-" + attempt));
      try (ChildJvm child =
          ChildJvm.start(
              BackupChild.class,
              dir.resolve("child-" + attempt + ".log"),
              ChildJvm.SMALL,
              live.toString(),
              backups.toString())) {
        assertThat(child.awaitLine(l -> l.equals("READY"), Duration.ofSeconds(60))).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partials(backups).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        Thread.sleep(attempt * 20L);
        child.kill();
        killedMidway = !partials(backups).isEmpty();
      }
      try (Stream<Path> files = Files.list(backups)) {
        for (Path f : files.toList()) {
          if (f.getFileName().toString().endsWith(".db")) {
            // anything under a final name is a whole, checked backup
            assertThat(checked(f)[0]).isEqualTo(ROWS);
          }
        }
      }
    }
    assertThat(killedMidway).isTrue();
    assertThat(checked(live)[0]).isEqualTo(ROWS);
    try (StateDatabase db = open(live)) {
      assertThat(db.recoveredFrom()).isEmpty();
      assertThat(new BackupRowDao(db).count()).isEqualTo(ROWS);
    }
  }

  private static List<Path> partials(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }

  @Test
  void restoreOverAFileAnotherProcessHasOpenIsRefusedUntilItExits() throws Exception {
    Path live = dir.resolve("live.db");
    Path backup = dir.resolve("backup.db");
    try (StateDatabase db = open(live)) {
      new BackupRowDao(db).insert(new BackupRow(1, 0, "before"));
      db.backupTo(backup);
      new BackupRowDao(db).insert(new BackupRow(2, 0, "after"));
    }
    try (ChildJvm child =
        ChildJvm.start(
            HoldChild.class, dir.resolve("hold.log"), ChildJvm.SMALL, live.toString())) {
      assertThat(child.awaitLine(l -> l.equals("READY"), Duration.ofSeconds(60))).isTrue();
      StateException e =
          assertThrows(StateException.class, () -> StateDatabase.restore(backup, live));
      assertThat(e).hasMessageThat().contains("another process has it open");
      assertThat(checked(live)[0]).isEqualTo(2);
      child.kill();
    }
    assertThat(StateDatabase.restore(backup, live)).isPresent();
    assertThat(checked(live)[0]).isEqualTo(1);
  }

  /** Backs up {@code args[0]} into {@code args[1]}/backup-n.db, one after another, until killed. */
  public static final class BackupChild {
    private BackupChild() {}

    /** Runs until killed. */
    public static void main(String[] args) {
      try (StateDatabase db = open(Path.of(args[0]))) {
        ChildOutput.line("READY");
        for (int n = 0; ; n++) {
          db.backupTo(Path.of(args[1], "backup-" + n + ".db"));
          ChildOutput.line("DONE " + n);
        }
      } catch (Throwable t) {
        ChildOutput.fail(t);
      }
    }
  }

  /** Opens {@code args[0]}, reads once, and holds it open until killed. */
  public static final class HoldChild {
    private HoldChild() {}

    /** Runs until killed. */
    public static void main(String[] args) {
      try (StateDatabase db = open(Path.of(args[0]))) {
        new BackupRowDao(db).count();
        ChildOutput.line("READY");
        Thread.sleep(Long.MAX_VALUE);
      } catch (Throwable t) {
        ChildOutput.fail(t);
      }
    }
  }
}
