package dev.flujo.benchmarks.harness;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.stores.Contender;
import dev.flujo.benchmarks.stores.Databases;
import dev.flujo.benchmarks.stores.StateStore;
import dev.flujo.benchmarks.stores.Target;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of flujo-micrometer on point reads, measured so that a 3 % difference can be told from
 * noise on a shared machine. {@code 2 × instances} databases with the same rows are open in this
 * JVM, each on its own file: half plain ({@code flujo}), half with {@code FlujoMetrics} bound to a
 * registry ({@code flujo-metrics}), opened alternately. They are warmed up together, block by
 * block, then take turns in rounds of one block each, the first of a round rotating; each block is
 * timed by the CPU time of this thread per read.
 *
 * <p>A round gives one ratio: the median block of the metrics databases over the median block of
 * the plain ones. Taking medians over several databases matters: on a virtual machine one database
 * can run 10 % slower than its twin for a whole run (where its memory happens to lie), and with one
 * database per side that alone would read as a 10 % overhead. The A/A control compares the two
 * halves of the plain databases with each other (and of the metrics ones), showing what the
 * harness reads as a difference where there is none. Each estimate is the median over rounds, with
 * a 95 % bootstrap interval that resamples rounds.
 */
public final class MetricsOverhead {
  private static final int ROWS = 10_000;
  private static final int BOOTSTRAP = 2_000;

  private MetricsOverhead() {}

  /** A median ratio and its 95 % interval. */
  public record Estimate(double ratio, double low, double high) {
    /** The ratio as a signed percentage with its interval, e.g. {@code +0.61 % [+0.20, +1.02]}. */
    public String percent() {
      return String.format(
          Locale.ROOT,
          "%+.2f %% [%+.2f, %+.2f]",
          (ratio - 1) * 100,
          (low - 1) * 100,
          (high - 1) * 100);
    }
  }

  /**
   * What one run measured: median CPU µs per read of each side, the overhead (metrics over plain)
   * and the A/A control by CPU time of this thread, and the overhead by wall time (which on
   * PostgreSQL includes the server's part of a read).
   */
  public record Result(
      double plainUs,
      double metricsUs,
      Estimate overhead,
      Estimate control,
      Estimate wallOverhead,
      int instances,
      int rounds,
      int blockSize) {
    /** One line: {@code METRICS plainUs=… metricsUs=… overhead=… control=… wallOverhead=… …}. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "METRICS plainUs=%.3f metricsUs=%.3f overhead=%s control=%s wallOverhead=%s"
              + " instances=%d+%d rounds=%d block=%d",
          plainUs,
          metricsUs,
          overhead.percent(),
          control.percent(),
          wallOverhead.percent(),
          instances,
          instances,
          rounds,
          blockSize);
    }
  }

  /** Arguments: databases per side, warm-up reads per database, rounds, reads per block. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: MetricsOverhead <instances> <warmup> <rounds> <blockSize>");
    }
    System.out.println(
        measure(
                Integer.parseInt(args[0]),
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]))
            .line());
  }

  /**
   * Runs the measurement with {@code instances} databases per side (at least 2), fresh, of the
   * kind {@code -Dflujo.bench.database} names.
   */
  public static Result measure(int instances, int warmup, int rounds, int blockSize)
      throws Exception {
    if (instances < 2) {
      throw new IllegalArgumentException("instances must be at least 2, not " + instances);
    }
    String[] keys = new String[ROWS];
    for (int i = 0; i < ROWS; i++) {
      keys[i] = Rows.runId((int) ((i * 7919L) % ROWS));
    }
    Path dir = Files.createTempDirectory("flujo-bench-metrics-");
    List<StateStore<?>> stores = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    try {
      for (int i = 0; i < 2 * instances; i++) {
        Contender contender = i % 2 == 0 ? Contender.FLUJO : Contender.FLUJO_METRICS;
        Target target = Databases.fresh(dir, contender.id().replace('-', '_') + "_" + i / 2, ROWS);
        targets.add(target);
        stores.add(contender.open(target));
      }
      int n = stores.size();
      int[] next = new int[n];
      int warmBlock = Math.max(1, Math.min(blockSize, warmup));
      for (int done = 0; done < warmup; done += warmBlock) {
        for (int s = 0; s < n; s++) {
          next[s] = read(stores.get(s), keys, next[s], warmBlock);
        }
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double[][] cpu = new double[n][rounds];
      double[][] wall = new double[n][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < n; k++) {
          int s = (r + k) % n;
          long start = threads.getCurrentThreadCpuTime();
          long wallStart = System.nanoTime();
          next[s] = read(stores.get(s), keys, next[s], blockSize);
          wall[s][r] = (System.nanoTime() - wallStart) / 1e3 / blockSize;
          cpu[s][r] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / blockSize;
        }
      }
      double[] overhead = new double[rounds];
      double[] wallOverhead = new double[rounds];
      double[] control = new double[rounds * 2];
      double[] plainRounds = new double[rounds];
      double[] metricsRounds = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        plainRounds[r] = across(cpu, r, 0, 2);
        metricsRounds[r] = across(cpu, r, 1, 2);
        overhead[r] = metricsRounds[r] / plainRounds[r];
        wallOverhead[r] = across(wall, r, 1, 2) / across(wall, r, 0, 2);
        control[2 * r] = across(cpu, r, 2, 4) / across(cpu, r, 0, 4);
        control[2 * r + 1] = across(cpu, r, 3, 4) / across(cpu, r, 1, 4);
      }
      return new Result(
          median(plainRounds),
          median(metricsRounds),
          estimate(overhead, 1),
          estimate(control, 2),
          estimate(wallOverhead, 1),
          instances,
          rounds,
          blockSize);
    } finally {
      PairedHarness.release(stores, targets, dir);
    }
  }

  /** The median of round {@code r}'s blocks of databases {@code first}, {@code first + step}, …. */
  private static double across(double[][] cpu, int r, int first, int step) {
    double[] blocks = new double[(cpu.length - first + step - 1) / step];
    for (int i = 0, s = first; s < cpu.length; i++, s += step) {
      blocks[i] = cpu[s][r];
    }
    return median(blocks);
  }

  /**
   * The median of {@code ratios}, {@code perRound} consecutive values per round, with a percentile
   * bootstrap interval that resamples whole rounds.
   */
  static Estimate estimate(double[] ratios, int perRound) {
    int rounds = ratios.length / perRound;
    SplittableRandom random = new SplittableRandom(ratios.length);
    double[] medians = new double[BOOTSTRAP];
    double[] sample = new double[rounds * perRound];
    for (int i = 0; i < BOOTSTRAP; i++) {
      for (int r = 0; r < rounds; r++) {
        System.arraycopy(ratios, random.nextInt(rounds) * perRound, sample, r * perRound, perRound);
      }
      medians[i] = median(sample);
    }
    Arrays.sort(medians);
    return new Estimate(
        median(ratios),
        medians[(int) Math.floor(BOOTSTRAP * 0.025)],
        medians[(int) Math.ceil(BOOTSTRAP * 0.975) - 1]);
  }

  private static int read(StateStore<?> store, String[] keys, int from, int reads) {
    int i = from;
    for (int n = 0; n < reads; n++) {
      if (store.findById(keys[i]) == null) {
        throw new IllegalStateException("row " + keys[i] + " missing");
      }
      i = i + 1 == keys.length ? 0 : i + 1;
    }
    return i;
  }

  private static double median(double[] values) {
    return PairedHarness.median(values);
  }
}
