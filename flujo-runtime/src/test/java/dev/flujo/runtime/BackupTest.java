package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StateDatabase#backupTo(Path)}: consistent, checked, atomic, refused where it cannot be. */
class BackupTest {
  private static final TableDefinition COMMITS =
      TestTables.table("commits").key("seq", "INTEGER").notNull("writer", "INTEGER").build();
  private static final SqlStatement NEXT =
      SqlStatement.read("commits", "test.next", "SELECT count(*) + 1 FROM commits", null);
  private static final SqlStatement INSERT =
      SqlStatement.write(
          "commits", "test.insert", "INSERT INTO commits (seq, writer) VALUES (?, ?)", null);

  @TempDir Path dir;

  private StateDatabase open(Path file) {
    return StateDatabase.builder().file(file).tables(COMMITS).open();
  }

  /** Commits the next number of the sequence 1, 2, 3...; returns it. */
  private static long commit(StateDatabase db, int writer) {
    return db.inTransaction(
        () -> {
          long seq =
              db.execute(
                  NEXT,
                  s -> {
                    try (var rs = s.executeQuery()) {
                      rs.next();
                      return rs.getLong(1);
                    }
                  });
          db.execute(
              INSERT,
              s -> {
                s.setLong(1, seq);
                s.setInt(2, writer);
                return s.executeUpdate();
              });
          return seq;
        });
  }

  /** count, min and max of seq in a backup, after an integrity check. */
  private static long[] prefix(Path backup) throws Exception {
    assertThat(TestFiles.query(backup, "PRAGMA integrity_check")).containsExactly("ok");
    String[] row =
        TestFiles.query(backup, "SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0)"
                + " FROM commits")
            .get(0)
            .split("\\|");
    return new long[] {Long.parseLong(row[0]), Long.parseLong(row[1]), Long.parseLong(row[2])};
  }

  @Test
  void backupIsOneCheckedSelfContainedFileHoldingEveryCommit() throws Exception {
    Path live = dir.resolve("live.db");
    Path target = dir.resolve("backups/state.db");
    try (StateDatabase db = open(live)) {
      for (int i = 0; i < 100; i++) {
        commit(db, 0);
      }
      BackupReport report = db.backupTo(target);
      assertThat(report.file()).isEqualTo(target.toAbsolutePath());
      assertThat(report.bytes()).isEqualTo(Files.size(target));
      assertThat(report.snapshotHeld()).isAtMost(report.elapsed());
    }
    assertThat(prefix(target)).isEqualTo(new long[] {100, 1, 100});
    assertThat(TestFiles.query(target, "PRAGMA journal_mode")).containsExactly("delete");
    assertThat(Files.exists(dir.resolve("backups/state.db-wal"))).isFalse();
    try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("state.db");
    }
  }

  @Test
  void backupReplacesAnEarlierBackupUnderTheSameName() throws Exception {
    Path target = dir.resolve("state.bak");
    try (StateDatabase db = open(dir.resolve("live.db"))) {
      commit(db, 0);
      db.backupTo(target);
      commit(db, 0);
      db.backupTo(target);
    }
    assertThat(prefix(target)).isEqualTo(new long[] {2, 1, 2});
  }

  @Test
  void backupsTakenWhileEightThreadsWriteEachHoldAPrefixOfTheCommitSequence() throws Exception {
    runBackupsUnderWriters(this::open, dir, 3_000, 8);
  }

  /**
   * Backs up every 100 ms for {@code millis} while {@code writers} threads commit; every backup
   * passes integrity_check and holds exactly the commits 1..n, with n at least the last commit
   * acknowledged before the backup began. Returns the number of backups.
   */
  static int runBackupsUnderWriters(
      java.util.function.Function<Path, StateDatabase> opener, Path dir, long millis, int writers)
      throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong acknowledged = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> running = new ArrayList<>();
    int backups = 0;
    long started;
    try (StateDatabase db = opener.apply(dir.resolve("live.db"))) {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        running.add(
            pool.submit(
                () -> {
                  while (writing.get()) {
                    long seq = commit(db, writer);
                    acknowledged.accumulateAndGet(seq, Math::max);
                  }
                  return null;
                }));
      }
      started = System.nanoTime();
      while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(millis)) {
        long before = acknowledged.get();
        Path target = dir.resolve("backup-" + backups + ".db");
        db.backupTo(target);
        long[] found = prefix(target);
        assertThat(found[0]).isEqualTo(found[2]);
        if (found[0] > 0) {
          assertThat(found[1]).isEqualTo(1);
        }
        assertThat(found[2]).isAtLeast(before);
        Files.delete(target);
        backups++;
        Thread.sleep(100);
      }
      writing.set(false);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    assertThat(acknowledged.get()).isGreaterThan(0);
    assertThat(backups).isAtLeast((int) (millis / 1000));
    return backups;
  }

  @Test
  void backupOfAnInMemoryDatabaseIsRefusedWithTheReason() {
    try (StateDatabase db =
        StateDatabase.builder().inMemory("backup-test").tables(COMMITS).open()) {
      UnsupportedOperationException e =
          assertThrows(
              UnsupportedOperationException.class, () -> db.backupTo(dir.resolve("x.db")));
      assertThat(e).hasMessageThat().contains("in-memory database");
    }
    assertThat(Files.exists(dir.resolve("x.db"))).isFalse();
  }

  @Test
  void backupOntoTheLiveFileOrADirectoryOrBesideAStaleWalIsRefused() throws Exception {
    Path live = dir.resolve("live.db");
    Path target = dir.resolve("target.db");
    Files.writeString(dir.resolve("target.db-wal"), "stale");
    try (StateDatabase db = open(live)) {
      commit(db, 0);
      assertThat(assertThrows(IllegalArgumentException.class, () -> db.backupTo(live)))
          .hasMessageThat()
          .contains("onto itself");
      assertThat(assertThrows(IllegalArgumentException.class, () -> db.backupTo(dir)))
          .hasMessageThat()
          .contains("is a directory");
      assertThat(assertThrows(IllegalArgumentException.class, () -> db.backupTo(target)))
          .hasMessageThat()
          .contains("target.db-wal");
    }
    assertThat(Files.exists(target)).isFalse();
  }

  @Test
  void aBackupWhoseDirectoryCannotBeCreatedFailsAndTheDatabaseKeepsWorking() throws Exception {
    Path live = dir.resolve("live.db");
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    try (StateDatabase db = open(live)) {
      commit(db, 0);
      assertThrows(StateException.class, () -> db.backupTo(notADirectory.resolve("b.db")));
      assertThat(commit(db, 0)).isEqualTo(2);
    }
  }

  @Test
  void walCheckpointsPauseWhileABackupHoldsItsSnapshotAndResumeAfter() throws Exception {
    Path live = dir.resolve("live.db");
    try (StateDatabase db =
        StateDatabase.builder().file(live).tables(COMMITS).walSizeLimit(1).open()) {
      commit(db, 0);
      db.backupTo(dir.resolve("b.db"));
      for (int i = 0; i < 200; i++) {
        commit(db, 0);
      }
      assertThat(Files.size(dir.resolve("live.db-wal"))).isLessThan(64 * 4096);
    }
  }
}
