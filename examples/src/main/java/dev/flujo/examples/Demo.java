package dev.flujo.examples;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs simulated workflows on several threads into a state file, reopens the file as a restarted
 * process would, resumes the unfinished workflows and prints what it stored.
 *
 * <p>Usage: {@code java -jar examples/target/flujo-demo.jar [file] [workflows] [threads]}.
 */
public final class Demo {
  private static final int STEPS = 5;

  private Demo() {}

  /** Runs the demo. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "target/flujo-demo/state.db");
    int workflows = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    deleteDatabase(file);
    System.out.printf(
        "Flujo demo: %,d workflows of %d steps on %d threads into %s%n",
        workflows, STEPS, threads, file);

    List<Long> saveMicros;
    long started = System.nanoTime();
    try (StateDatabase db = open(file)) {
      saveMicros = runWorkflows(new WorkflowStateDao(db), workflows, threads);
      printMetrics("first run", db.metrics());
    }
    System.out.printf("first run took %.1f s%n", (System.nanoTime() - started) / 1e9);

    try (StateDatabase db = open(file)) {
      WorkflowStateDao states = new WorkflowStateDao(db);
      int resumed = resume(states);
      System.out.printf("restart: reopened %s and resumed %d unfinished workflows%n", file, resumed);
      printSummary(states, saveMicros, file);
    }
  }

  private static StateDatabase open(Path file) {
    return StateDatabase.builder().file(file).tables(WorkflowStateDao.TABLE).open();
  }

  private static List<Long> runWorkflows(WorkflowStateDao states, int workflows, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      results.add(
          pool.submit(
              () -> {
                List<Long> latencies = new ArrayList<>();
                for (int i = first; i < workflows; i += threads) {
                  runOne(states, i, latencies);
                  int n = done.incrementAndGet();
                  if (n % 250 == 0 || n == workflows) {
                    System.out.printf("\r  %,d / %,d workflows", n, workflows);
                  }
                }
                return latencies;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : results) {
      all.addAll(f.get());
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    System.out.println();
    return all;
  }

  private static void runOne(WorkflowStateDao states, int n, List<Long> latencies) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String runId = String.format("run-%05d", n);
    String pipeline = "pipeline-" + (n % 7);
    int stopAt = n % 10 == 0 ? 2 : STEPS;
    WorkflowStatus end = n % 13 == 0 ? WorkflowStatus.FAILED : WorkflowStatus.COMPLETED;
    for (int step = 0; step <= stopAt; step++) {
      boolean last = step == STEPS;
      WorkflowStatus status = last ? end : WorkflowStatus.RUNNING;
      WorkflowState state =
          new WorkflowState(
              runId,
              pipeline,
              "Pipeline " + (n % 7),
              "1." + (n % 3),
              step,
              "{\"step\":" + step + ",\"input\":\"" + runId + "\"}",
              step == 0 ? null : "output of step " + (step - 1),
              status,
              null,
              null,
              STEPS,
              status == WorkflowStatus.FAILED ? "step " + step + " timed out" : null,
              last ? (long) random.nextInt(50, 5_000) : null,
              random.nextDouble(10, 200));
      long t0 = System.nanoTime();
      states.upsert(state);
      latencies.add((System.nanoTime() - t0) / 1_000);
    }
  }

  private static int resume(WorkflowStateDao states) {
    List<WorkflowState> unfinished;
    try (Stream<WorkflowState> all = states.streamAll()) {
      unfinished = all.filter(s -> s.status() == WorkflowStatus.RUNNING).toList();
    }
    for (WorkflowState s : unfinished) {
      states.upsert(
          new WorkflowState(
              s.runId(),
              s.pipelineId(),
              s.pipelineName(),
              s.pipelineVersion(),
              s.totalSteps(),
              s.pipelineContext(),
              "resumed after restart",
              WorkflowStatus.COMPLETED,
              null,
              null,
              s.totalSteps(),
              null,
              1_000L,
              s.memoryUsageMb()));
    }
    return unfinished.size();
  }

  private static void printSummary(WorkflowStateDao states, List<Long> saveMicros, Path file)
      throws Exception {
    Map<WorkflowStatus, Integer> byStatus = new EnumMap<>(WorkflowStatus.class);
    long timed = 0;
    long totalMillis = 0;
    try (Stream<WorkflowState> all = states.streamAll()) {
      for (WorkflowState s : (Iterable<WorkflowState>) all::iterator) {
        byStatus.merge(s.status(), 1, Integer::sum);
        if (s.executionTimeMs() != null) {
          timed++;
          totalMillis += s.executionTimeMs();
        }
      }
    }
    long[] sorted = saveMicros.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    System.out.println();
    System.out.println("  status      workflows");
    System.out.println("  ----------  ---------");
    for (Map.Entry<WorkflowStatus, Integer> e : byStatus.entrySet()) {
      System.out.printf("  %-10s  %9d%n", e.getKey(), e.getValue());
    }
    System.out.printf("  %-10s  %9d%n", "total", states.count());
    System.out.println();
    System.out.printf(
        "  average execution time   %8.1f ms%n", timed == 0 ? 0.0 : (double) totalMillis / timed);
    System.out.printf("  saves                    %8d%n", sorted.length);
    System.out.printf("  save latency p50         %8d µs%n", percentile(sorted, 50));
    System.out.printf("  save latency p99         %8d µs%n", percentile(sorted, 99));
    System.out.printf("  file size                %8.1f KiB%n", fileSize(file) / 1024.0);
  }

  private static void printMetrics(String label, Metrics m) {
    System.out.printf(
        "%s: %,d operations, %d retries, %d transient failures%n",
        label, m.operations(), m.retries(), m.transientFailures());
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static long fileSize(Path file) throws Exception {
    long size = Files.size(file);
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path companion = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(companion)) {
        size += Files.size(companion);
      }
    }
    return size;
  }

  private static void deleteDatabase(Path file) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }
}
