package dev.flujo.benchmarks.harness;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.stores.Contender;
import dev.flujo.benchmarks.stores.Databases;
import dev.flujo.benchmarks.stores.StateStore;
import dev.flujo.benchmarks.stores.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A paired, interleaved measurement of the workloads with ratio targets (point read, single
 * upsert, scan, batched upsert), made for a machine shared with other work: every contender is
 * open at once in this one JVM, each on {@code instances} databases of its own (files, or
 * PostgreSQL databases, with the same rows), and they take turns in short blocks of operations,
 * the starting database rotating, so that a burst of outside load falls on all of them alike. The
 * warm-up ({@code warmup} operations per database) is interleaved the same way: a contender warmed
 * up alone before the others was measured 8-11 % faster than its twins. Then it times {@code
 * blocks} blocks of {@code blockSize} operations per database and prints, per contender, the
 * median over blocks of the median over its databases, by wall time and by CPU time of the calling
 * thread per operation: {@code PAIRED <workload> <contender> wallUs=W cpuUs=C}. Several databases
 * per contender matter on a virtual machine, where one database can run 10 % slower than its twin
 * for a whole run.
 */
public final class PairedHarness {
  private static final int ROWS = 10_000;

  private PairedHarness() {}

  /** The workloads this harness knows, by their JMH method names. */
  enum Workload {
    POINT_READ("pointRead"),
    SINGLE_UPSERT("singleUpsert"),
    SCAN("scan10k"),
    BATCH_UPSERT("batchUpsert10k");

    final String id;

    Workload(String id) {
      this.id = id;
    }

    static Workload byId(String id) {
      for (Workload w : values()) {
        if (w.id.equals(id)) {
          return w;
        }
      }
      throw new IllegalArgumentException("unknown paired workload " + id);
    }
  }

  /**
   * Arguments: workload ({@code pointRead} or {@code singleUpsert}), contenders (comma-separated;
   * {@code flujo#2} is a second instance of {@code flujo} on its own file, for an A/A control),
   * warm-up operations, blocks, block size, and optionally databases per contender (default 1).
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 5 && args.length != 6) {
      throw new IllegalArgumentException(
          "usage: PairedHarness <pointRead|singleUpsert|scan10k|batchUpsert10k> <contenders>"
              + " <warmup> <blocks> <blockSize> [instances]");
    }
    for (String line :
        measure(
            args[0],
            args[1],
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            Integer.parseInt(args[4]),
            ROWS,
            args.length == 6 ? Integer.parseInt(args[5]) : 1)) {
      System.out.println(line);
    }
  }

  /**
   * Runs the paired check of one workload over the comma-separated contenders, each on a fresh
   * database of the kind {@code -Dflujo.bench.database} chooses, and returns one {@code PAIRED}
   * line per contender.
   */
  public static List<String> measure(
      String workloadId, String contenders, int warmup, int blocks, int blockSize)
      throws Exception {
    return measure(workloadId, contenders, warmup, blocks, blockSize, ROWS, 1);
  }

  /**
   * {@link #measure(String, String, int, int, int)} over {@code rowCount} rows instead of 10,000,
   * with {@code instances} databases per contender.
   */
  public static List<String> measure(
      String workloadId,
      String contenders,
      int warmup,
      int blocks,
      int blockSize,
      int rowCount,
      int instances)
      throws Exception {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1, not " + instances);
    }
    Workload workload = Workload.byId(workloadId);
    List<String> names = List.of(contenders.split(","));

    List<WorkflowState> batch = Rows.rows(0, rowCount, 4);
    WorkflowState[] rows = new WorkflowState[rowCount];
    String[] keys = new String[rowCount];
    for (int i = 0; i < rowCount; i++) {
      int k = (int) ((i * 7919L) % rowCount);
      rows[i] = Rows.row(k, 2);
      keys[i] = Rows.runId(k);
    }
    Path dir = Files.createTempDirectory("flujo-bench-paired-");
    List<StateStore<?>> stores = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    try {
      for (int copy = 0; copy < instances; copy++) {
        for (String name : names) {
          String file = name.replace('-', '_').replace('#', '_') + (copy == 0 ? "" : "_" + copy);
          Target target = Databases.fresh(dir, file, rowCount);
          targets.add(target);
          int hash = name.indexOf('#');
          stores.add(Contender.byId(hash < 0 ? name : name.substring(0, hash)).open(target));
        }
      }
      int n = stores.size();
      int[] next = new int[n];
      int warmBlock = Math.max(1, Math.min(blockSize, warmup));
      for (int done = 0; done < warmup; done += warmBlock) {
        for (int s = 0; s < n; s++) {
          next[s] = run(workload, stores.get(s), rows, keys, batch, next[s], warmBlock);
        }
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double[][] wall = new double[n][blocks];
      double[][] cpu = new double[n][blocks];
      for (int b = 0; b < blocks; b++) {
        for (int k = 0; k < n; k++) {
          int s = (b + k) % n;
          long cpuStart = threads.getCurrentThreadCpuTime();
          long wallStart = System.nanoTime();
          next[s] = run(workload, stores.get(s), rows, keys, batch, next[s], blockSize);
          wall[s][b] = (System.nanoTime() - wallStart) / 1e3 / blockSize;
          cpu[s][b] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / blockSize;
        }
      }
      List<String> lines = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        lines.add(
            String.format(
                Locale.ROOT,
                "PAIRED %s %s wallUs=%.3f cpuUs=%.3f",
                workload.id,
                names.get(c),
                median(acrossCopies(wall, c, names.size())),
                median(acrossCopies(cpu, c, names.size()))));
      }
      return lines;
    } finally {
      release(stores, targets, dir);
    }
  }

  /** Closes the stores, drops their PostgreSQL databases and deletes {@code dir}. */
  static void release(List<StateStore<?>> stores, List<Target> targets, Path dir)
      throws IOException {
      for (StateStore<?> store : stores) {
        store.close();
      }
      for (Target target : targets) {
        Databases.drop(target);
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
  }

  private static int run(
      Workload workload,
      StateStore<?> store,
      WorkflowState[] rows,
      String[] keys,
      List<WorkflowState> batch,
      int from,
      int ops) {
    int i = from;
    for (int n = 0; n < ops; n++) {
      switch (workload) {
        case POINT_READ -> {
          if (store.findById(keys[i]) == null) {
            throw new IllegalStateException("row " + keys[i] + " missing");
          }
        }
        case SINGLE_UPSERT -> store.upsert(rows[i]);
        case SCAN -> {
          if (store.findAll().size() != rows.length) {
            throw new IllegalStateException("scan did not return " + rows.length + " rows");
          }
        }
        case BATCH_UPSERT -> store.upsertAll(batch);
      }
      i = i + 1 == rows.length ? 0 : i + 1;
    }
    return i;
  }

  /** Per block, the median over the copies of contender {@code c} (stores c, c + stride, …). */
  private static double[] acrossCopies(double[][] values, int c, int stride) {
    int copies = values.length / stride;
    double[] perBlock = new double[values[c].length];
    double[] block = new double[copies];
    for (int b = 0; b < perBlock.length; b++) {
      for (int i = 0; i < copies; i++) {
        block[i] = values[c + i * stride][b];
      }
      perBlock[b] = median(block);
    }
    return perBlock;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
