package dev.flujo.runtime;

import dev.flujo.runtime.internal.backup.OnlineBackup;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares the ways {@link OnlineBackup} can copy a live database: the online backup API in one
 * step, the same in 100-page steps (sqlite-jdbc's default), and {@code VACUUM INTO}. Not a test:
 * run it by hand (see docs/operations.md).
 *
 * <pre>
 * mvn -B -ntp -q test-compile -pl flujo-runtime -am
 * mvn -B -ntp -q dependency:build-classpath -pl flujo-runtime -Dmdep.outputFile=cp.txt
 * java -cp "flujo-runtime/target/test-classes:flujo-runtime/target/classes:$(cat flujo-runtime/cp.txt)" \
 *     dev.flujo.runtime.BackupCost /tmp/backupcost 64
 * </pre>
 *
 * For a database of about the given size in MB (rows of about 1 KB), each method backs it up three
 * times idle, then three times while 8 threads upsert rows; it prints the backup's time and size,
 * and the writers' commits per second and longest and 99th-percentile commit latency while the
 * backups ran, beside the same with no backup running.
 */
public final class BackupCost {
  private static final TableDefinition ITEM =
      TestTables.table("item").key("id", "INTEGER").notNull("payload", "BLOB").build();
  private static final SqlStatement PUT =
      SqlStatement.write(
          "item",
          "cost.put",
          "INSERT INTO item (id, payload) VALUES (?, ?)"
              + " ON CONFLICT(id) DO UPDATE SET payload = excluded.payload",
          null);

  private BackupCost() {}

  /** Arguments: a directory and a size in MB. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int megabytes = Integer.parseInt(args[1]);
    Path file = dir.resolve("live.db");
    Files.deleteIfExists(file);
    int rows = generate(file, megabytes);
    System.out.printf(Locale.ROOT, "live file %.1f MB, %d rows%n", Files.size(file) / 1e6, rows);
    try (StateDatabase db = StateDatabase.builder().file(file).tables(ITEM).open()) {
      Load baseline = underLoad(db, rows, () -> Thread.sleep(3_000));
      System.out.println("no backup:        " + baseline);
      for (OnlineBackup.Method method : OnlineBackup.Method.values()) {
        Path target = dir.resolve(method + ".db");
        for (int i = 0; i < 3; i++) {
          BackupReport r = db.backupTo(target, method);
          System.out.printf(
              Locale.ROOT,
              "%-18s idle: %.3f s (snapshot %.3f s), %.1f MB%n",
              method,
              r.elapsed().toNanos() / 1e9,
              r.snapshotHeld().toNanos() / 1e9,
              r.bytes() / 1e6);
        }
        List<String> times = Collections.synchronizedList(new ArrayList<>());
        Load load =
            underLoad(
                db,
                rows,
                () -> {
                  for (int i = 0; i < 3; i++) {
                    BackupReport r = db.backupTo(target, method);
                    times.add(String.format(Locale.ROOT, "%.3f s", r.elapsed().toNanos() / 1e9));
                  }
                });
        System.out.printf(Locale.ROOT, "%-18s busy: %s; %s%n", method, times, load);
      }
    }
  }

  interface Work {
    void run() throws Exception;
  }

  record Load(long commits, double seconds, double maxMillis, double p99Millis) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "writers %.0f commits/s, commit latency max %.1f ms, p99 %.2f ms",
          commits / seconds,
          maxMillis,
          p99Millis);
    }
  }

  /** Runs {@code work} while 8 threads upsert; the stepped backup may finish only after they stop. */
  static Load underLoad(StateDatabase db, int rows, Work work) throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong next = new AtomicLong();
    List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService writers = Executors.newFixedThreadPool(8);
    List<Future<?>> running = new ArrayList<>();
    byte[] payload = new byte[1000];
    for (int t = 0; t < 8; t++) {
      running.add(
          writers.submit(
              () -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                while (writing.get() && n < mine.length) {
                  long id = next.incrementAndGet() % (rows * 2L);
                  long start = System.nanoTime();
                  db.execute(
                      PUT,
                      s -> {
                        s.setLong(1, id);
                        s.setBytes(2, payload);
                        return s.executeUpdate();
                      });
                  mine[n++] = System.nanoTime() - start;
                }
                latencies.add(java.util.Arrays.copyOf(mine, n));
                return null;
              }));
    }
    long start = System.nanoTime();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    Future<?> job =
        worker.submit(
            () -> {
              work.run();
              return null;
            });
    try {
      job.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.out.println("  (did not finish within 30 s while writers wrote; stopping them)");
    }
    writing.set(false);
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Future<?> f : running) {
      f.get();
    }
    job.get();
    worker.shutdown();
    writers.shutdown();
    long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
    return new Load(
        all.length,
        seconds,
        all[all.length - 1] / 1e6,
        all[(int) (all.length * 0.99)] / 1e6);
  }

  private static int generate(Path file, int megabytes) throws Exception {
    int rows = megabytes * 1000;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute(ITEM.createTableSql());
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO item VALUES (?, ?)")) {
        byte[] payload = new byte[1000];
        for (int i = 0; i < rows; i++) {
          p.setLong(1, i * 2L);
          p.setBytes(2, payload);
          p.executeUpdate();
        }
      }
      c.commit();
    }
    return rows;
  }
}
