package dev.flujo.benchmarks.harness;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.runtime.StateDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code NOTIFY} costs concurrent writers on PostgreSQL. PostgreSQL serializes the commits of
 * every transaction that sent a {@code NOTIFY} (a lock held from before the commit until after its
 * WAL flush), so the cost shows only with durable commits. This harness starts its own embedded
 * server with {@code fsync} and {@code synchronous_commit} on, opens Flujo on it twice (default,
 * and {@code notifyOtherClients(false)}), and lets {@code threads} threads upsert rows of their
 * own through the generated DAO for {@code seconds} per round, the two alternating for {@code
 * rounds} rounds each. Prints {@code NOTIFY notifying=<commits/s> quiet=<commits/s> ratio=<quiet /
 * notifying>}, medians over rounds.
 */
public final class NotifyCommitCost {
  private NotifyCommitCost() {}

  /** Commits per second of each mode, medians over rounds. */
  public record Result(double notifying, double quiet, int threads) {
    /** The quiet mode's throughput over the notifying one's. */
    public double ratio() {
      return quiet / notifying;
    }

    /** One line for logs and docs. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "NOTIFY threads=%d notifying=%.0f/s quiet=%.0f/s ratio=%.2f",
          threads,
          notifying,
          quiet,
          ratio());
    }
  }

  /** Arguments: threads, seconds per round, rounds. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: NotifyCommitCost <threads> <seconds> <rounds>");
    }
    System.out.println(
        measure(Integer.parseInt(args[0]), Double.parseDouble(args[1]), Integer.parseInt(args[2]))
            .line());
  }

  /** Runs the comparison on a fresh durable embedded server, stopped afterwards. */
  public static Result measure(int threads, double seconds, int rounds) throws Exception {
    try (EmbeddedPostgres server =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start()) {
      String url = server.getJdbcUrl("postgres", "postgres");
      try (StateDatabase notifying = open(url, true);
          StateDatabase quiet = open(url, false)) {
        WorkflowStateDao[] daos = {new WorkflowStateDao(notifying), new WorkflowStateDao(quiet)};
        double[][] rates = new double[2][rounds];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          for (int mode = 0; mode < 2; mode++) {
            run(pool, daos[mode], threads, Math.min(seconds, 1.0));
          }
          for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
              int mode = (r + k) % 2;
              rates[mode][r] = run(pool, daos[mode], threads, seconds);
            }
          }
        } finally {
          pool.shutdownNow();
        }
        return new Result(median(rates[0]), median(rates[1]), threads);
      }
    }
  }

  private static StateDatabase open(String url, boolean notifyOtherClients) {
    return StateDatabase.builder()
        .url(url)
        .tables(WorkflowStateDao.TABLE)
        .poolSize(16)
        .notifyOtherClients(notifyOtherClients)
        .open();
  }

  private static double run(ExecutorService pool, WorkflowStateDao dao, int threads, double seconds)
      throws Exception {
    AtomicLong commits = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      running.add(
          pool.submit(
              () -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                  WorkflowState row = Rows.row(thread * 1_000 + i % 1_000, i);
                  dao.upsert(row);
                  commits.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    return commits.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
