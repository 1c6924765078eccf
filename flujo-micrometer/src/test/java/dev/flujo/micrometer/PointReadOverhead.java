package dev.flujo.micrometer;

import dev.flujo.runtime.StateDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Point reads on a database without a listener against one with {@link FlujoMetrics} bound to a
 * {@link SimpleMeterRegistry}: same data, same thread, rounds interleaved A B B A so drift hits
 * both alike; prints the median ns per read of each and their ratio. Not a test: run it by hand
 * (docs/operations.md, "Metrics").
 */
public final class PointReadOverhead {
  private static final int ROWS = 10_000;

  private PointReadOverhead() {}

  /**
   * Args: rounds (default 20), reads per round (default 200000), and {@code aa} to leave the
   * second database without a listener too (the harness's own noise).
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path dir = Files.createTempDirectory("flujo-overhead-");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FlujoMetrics metrics = new FlujoMetrics();
    boolean aa = args.length > 2 && args[2].equals("aa");
    StateDatabase.Builder second = StateDatabase.builder().file(dir.resolve("bound.db"));
    boolean noop = args.length > 2 && args[2].equals("noop");
    if (noop) {
      second.listener(new dev.flujo.runtime.OperationListener() {});
    } else if (!aa) {
      second.listener(metrics);
    }
    try (StateDatabase plain = StateDatabase.builder().file(dir.resolve("plain.db")).open();
        StateDatabase bound = second.open()) {
      metrics.database(bound).bindTo(registry);
      for (StateDatabase db : new StateDatabase[] {plain, bound}) {
        Items.create(db);
        db.inTransaction(
            () -> {
              for (int k = 0; k < ROWS; k++) {
                Items.insert(db, k);
              }
            });
      }
      for (int w = 0; w < 4; w++) {
        round(plain, reads);
        round(bound, reads);
      }
      double[] a = new double[rounds * 2];
      double[] b = new double[rounds * 2];
      for (int r = 0; r < rounds; r++) {
        a[2 * r] = round(plain, reads);
        b[2 * r] = round(bound, reads);
        b[2 * r + 1] = round(bound, reads);
        a[2 * r + 1] = round(plain, reads);
      }
      double ma = median(a);
      double mb = median(b);
      System.out.printf(
          Locale.ROOT,
          "point read, %d rounds x %d reads: no listener %.0f ns, FlujoMetrics bound %.0f ns,"
              + " ratio %.4f (%+.2f %%)%n",
          rounds * 2,
          reads,
          ma,
          mb,
          mb / ma,
          (mb / ma - 1) * 100);
      System.out.printf(
          Locale.ROOT,
          "recorded reads: %d%s%n",
          registry.find("flujo.operations").timers().stream().mapToLong(t -> t.count()).sum(),
          aa ? " (A/A run: neither database has a listener)" : "");
    }
    if (!aa) {
      System.out.printf(
          Locale.ROOT,
          "the added work alone (two clock reads and one FlujoMetrics.operation call): %.0f ns%n",
          listenerCost(metrics));
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private static double round(StateDatabase db, int reads) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < reads; i++) {
      sink += Items.find(db, (i * 7919) % ROWS).length();
    }
    long nanos = System.nanoTime() - start;
    if (sink == 42) {
      System.out.println();
    }
    return (double) nanos / reads;
  }

  private static double listenerCost(FlujoMetrics metrics) {
    double[] rounds = new double[10];
    int calls = 2_000_000;
    for (int r = -3; r < rounds.length; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        metrics.operation(
            Items.FIND.table(),
            Items.FIND.operation(),
            false,
            dev.flujo.runtime.OperationListener.Outcome.SUCCESS,
            System.nanoTime() - t0);
      }
      if (r >= 0) {
        rounds[r] = (double) (System.nanoTime() - start) / calls;
      }
    }
    return median(rounds);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
