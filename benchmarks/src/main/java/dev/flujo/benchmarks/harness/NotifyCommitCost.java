package dev.flujo.benchmarks.harness;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.runtime.NotifyMode;
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
 * server with {@code fsync} and {@code synchronous_commit} on, opens Flujo on it once per {@link
 * NotifyMode} ({@code IN_TRANSACTION}, the default; {@code AFTER_COMMIT}; {@code OFF}), and lets
 * {@code threads} threads upsert rows of their own through the generated DAO for {@code seconds}
 * per round, the modes taking turns for {@code rounds} rounds each. Prints commits per second of
 * each mode, medians over rounds.
 */
public final class NotifyCommitCost {
  private NotifyCommitCost() {}

  /** Commits per second of each mode, medians over rounds. */
  public record Result(double inTransaction, double afterCommit, double off, int threads) {
    /** One line for logs and docs. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "NOTIFY threads=%d inTransaction=%.0f/s afterCommit=%.0f/s off=%.0f/s",
          threads,
          inTransaction,
          afterCommit,
          off);
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
      NotifyMode[] modes = NotifyMode.values();
      List<StateDatabase> databases = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        WorkflowStateDao[] daos = new WorkflowStateDao[modes.length];
        for (int m = 0; m < modes.length; m++) {
          StateDatabase db = open(url, modes[m]);
          databases.add(db);
          daos[m] = new WorkflowStateDao(db);
        }
        double[][] rates = new double[modes.length][rounds];
        for (WorkflowStateDao dao : daos) {
          run(pool, dao, threads, Math.min(seconds, 1.0));
        }
        for (int r = 0; r < rounds; r++) {
          for (int k = 0; k < modes.length; k++) {
            int m = (r + k) % modes.length;
            rates[m][r] = run(pool, daos[m], threads, seconds);
          }
        }
        return new Result(
            median(rates[NotifyMode.IN_TRANSACTION.ordinal()]),
            median(rates[NotifyMode.AFTER_COMMIT.ordinal()]),
            median(rates[NotifyMode.OFF.ordinal()]),
            threads);
      } finally {
        pool.shutdownNow();
        for (StateDatabase db : databases) {
          db.close();
        }
      }
    }
  }

  private static StateDatabase open(String url, NotifyMode notifyOtherClients) {
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
