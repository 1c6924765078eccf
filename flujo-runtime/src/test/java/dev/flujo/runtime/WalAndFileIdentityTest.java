package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL stays bounded under steady readers; a deleted or replaced file refuses writes. */
class WalAndFileIdentityTest {
  private static final TableDefinition BLOBS =
      TestTables.table("blobs").key("k", "INTEGER").notNull("v", "BLOB").build();
  private static final SqlStatement PUT =
      SqlStatement.write(
          "blobs", "test.put", "INSERT OR REPLACE INTO blobs (k, v) VALUES (?, ?)", null);
  private static final SqlStatement GET =
      SqlStatement.read("blobs", "test.get", "SELECT length(v) FROM blobs WHERE k = ?", null);
  private static final SqlStatement ALL =
      SqlStatement.read("blobs", "test.all", "SELECT k FROM blobs", null);

  @TempDir Path dir;

  private static StateDatabase open(Path file, long walLimit) {
    return StateDatabase.builder().file(file).tables(BLOBS).walSizeLimit(walLimit).open();
  }

  private static void put(StateDatabase db, long k) {
    Session.of(db).execute(
        PUT,
        statement -> {
          statement.setLong(1, k);
          statement.setBytes(2, new byte[4096]);
          return statement.executeUpdate();
        });
  }

  /** Writes 3,000 rows of 4 KiB while a reader keeps short read transactions going. */
  private static long peakWalWithSteadyReaders(Path file, long walLimit) throws Exception {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    AtomicBoolean writing = new AtomicBoolean(true);
    long peak = 0;
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (StateDatabase db = open(file, walLimit)) {
      put(db, 0);
      Future<?>[] running = new Future<?>[2];
      for (int r = 0; r < running.length; r++) {
        running[r] =
            readers.submit(
                () -> {
                  while (writing.get()) {
                    db.readTransaction(
                        () -> {
                          Session.of(db).execute(
                              GET,
                              statement -> {
                                statement.setLong(1, 0);
                                try (var rs = statement.executeQuery()) {
                                  return rs.next();
                                }
                              });
                          try (Stream<Long> keys =
                              Session.of(db).stream(ALL, s -> {}, row -> row.getLong(1))) {
                            return keys.limit(5).count();
                          }
                        });
                  }
                  return null;
                });
      }
      for (long k = 1; k <= 3_000; k++) {
        put(db, k % 500);
        if (k % 100 == 0 && Files.exists(wal)) {
          peak = Math.max(peak, Files.size(wal));
        }
      }
      writing.set(false);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
      readers.shutdownNow();
    }
    return peak;
  }

  @Test
  void walStaysNearItsLimitWhileReadersNeverPause() throws Exception {
    long limit = 1024 * 1024;
    long unbounded = peakWalWithSteadyReaders(dir.resolve("unbounded.db"), 0);
    long bounded = peakWalWithSteadyReaders(dir.resolve("bounded.db"), limit);

    assertThat(bounded).isLessThan(4 * limit);
    assertThat(unbounded).isGreaterThan(bounded);
  }

  @Test
  void writeToADeletedFileIsRefusedNotAcknowledged() throws Exception {
    Path file = dir.resolve("deleted.db");
    try (StateDatabase db = open(file, 0)) {
      put(db, 1);
      Files.delete(file);

      StateException e = assertThrows(StateException.class, () -> put(db, 2));
      assertThat(e).isNotInstanceOf(TransientStateException.class);
      assertThat(e.resultCode()).isEqualTo(DatabaseFile.DBMOVED);
      assertThat(e).hasMessageThat().contains(file.toString());
      assertThrows(
          StateException.class, () -> db.inTransaction(() -> put(db, 3)));
    }
  }

  @Test
  void closingADatabaseWhoseFileWasReplacedSetsItsOldWalAside() throws Exception {
    Path file = dir.resolve("replaced.db");
    Path replacement = dir.resolve("replacement.db");
    try (StateDatabase other = open(replacement, 0)) {
      put(other, 42);
    }
    try (StateDatabase db = open(file, 0)) {
      put(db, 1);
      Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThrows(StateException.class, () -> put(db, 2));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith("replaced.db-wal.orphaned.")))
          .isTrue();
    }
    try (StateDatabase db = open(file, 0)) {
      long rows =
          Session.of(db).execute(
              ALL,
              statement -> {
                long n = 0;
                try (var rs = statement.executeQuery()) {
                  while (rs.next()) {
                    assertThat(rs.getLong(1)).isEqualTo(42);
                    n++;
                  }
                }
                return n;
              });
      assertThat(rows).isEqualTo(1);
    }
  }

  @Test
  void writesToAnUnmovedFileAreUnaffected() {
    try (StateDatabase db = open(dir.resolve("fine.db"), 0)) {
      for (int k = 0; k < 200; k++) {
        put(db, k);
      }
      db.inTransaction(() -> put(db, 500));
    }
  }
}
