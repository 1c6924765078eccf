package dev.flujo.benchmarks;

import dev.flujo.benchmarks.harness.CompileCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of one run: the machine and command, throughput with every cell's ratio to
 * the held-connection JDBC limit, the spread of those ratios across rounds, streaming with peak
 * heap, the targets marked met or not met, and the processor's compile cost.
 */
public final class Report {
  /** The contender every ratio is taken against. */
  public static final String BASELINE = "jdbc-limit";

  /** Workload method names and their labels, in table order. */
  static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

  static {
    WORKLOADS.put("batchUpsert10k", "Batched upsert, 10,000 rows, one transaction (1 op = 10,000 rows)");
    WORKLOADS.put("singleUpsert", "Single-row upsert, autocommit");
    WORKLOADS.put("pointRead", "Point read by key (warm)");
    WORKLOADS.put("scan10k", "Scan 10,000 rows into objects (1 op = 10,000 rows)");
    WORKLOADS.put("filteredOrderByLimit", "Filtered query, ORDER BY created_at DESC LIMIT 20");
    WORKLOADS.put("mixed80r20wThreads1", "Mixed 80% reads / 20% writes, 1 thread");
    WORKLOADS.put("mixed80r20wThreads2", "Mixed 80% reads / 20% writes, 2 threads");
    WORKLOADS.put("mixed80r20wThreads4", "Mixed 80% reads / 20% writes, 4 threads");
  }

  /** One contender's streaming figures. */
  public record StreamResult(String contender, long rows, long millis, long peakAfterGcBytes, long maxHeapBytes) {
    double rowsPerSecond() {
      return millis == 0 ? Double.NaN : rows * 1000.0 / millis;
    }
  }


  private final StringBuilder md = new StringBuilder();

  /** Starts the report with the run's circumstances. */
  public Report(String title, List<String> circumstances) {
    md.append("# ").append(title).append("\n\n");
    for (String line : circumstances) {
      md.append("- ").append(line).append('\n');
    }
    md.append('\n');
  }

  /**
   * Adds the throughput table, the round spread and the CPU-per-operation table (if {@code cpu} has
   * figures).
   */
  public void throughput(Results results, Results cpu, List<String> contenders, int rounds) {
    md.append("## Throughput\n\n")
        .append("ops/s (median of ")
        .append(rounds)
        .append(rounds == 1 ? " round" : " rounds")
        .append(") and, in brackets, the ratio to `")
        .append(BASELINE)
        .append("` measured in the same run. Higher is better.\n\n");
    header(contenders);
    for (Map.Entry<String, String> w : WORKLOADS.entrySet()) {
      if (!results.workloads().contains(w.getKey())) {
        continue;
      }
      md.append("| ").append(w.getValue());
      for (String c : contenders) {
        double score = results.median(w.getKey(), c);
        md.append(" | ")
            .append(Double.isNaN(score) ? "–" : String.format(Locale.ROOT, "%,.0f (%.2f×)", score, results.ratio(w.getKey(), c, BASELINE)));
      }
      md.append(" |\n");
    }
    md.append('\n');
    if (rounds > 1) {
      md.append("Ratio to `")
          .append(BASELINE)
          .append("` in each round (rounds interleave the contenders in time, so a load spike from"
              + " other processes shows up here as spread):\n\n");
      header(contenders);
      for (Map.Entry<String, String> w : WORKLOADS.entrySet()) {
        if (!results.workloads().contains(w.getKey())) {
          continue;
        }
        md.append("| ").append(w.getValue());
        List<Double> base = results.rounds(w.getKey(), BASELINE);
        for (String c : contenders) {
          List<Double> own = results.rounds(w.getKey(), c);
          List<String> ratios = new ArrayList<>();
          for (int r = 0; r < Math.min(own.size(), base.size()); r++) {
            ratios.add(String.format(Locale.ROOT, "%.2f", own.get(r) / base.get(r)));
          }
          md.append(" | ").append(ratios.isEmpty() ? "–" : String.join(" / ", ratios));
        }
        md.append(" |\n");
      }
      md.append('\n');
    }
    if (!cpu.workloads().isEmpty()) {
      md.append("## CPU per operation\n\n")
          .append("Microseconds of process CPU per operation (all threads of the forked JVM, GC"
              + " included; median of rounds), and in brackets the efficiency ratio `")
          .append(BASELINE)
          .append("` CPU ÷ contender CPU, so that, as above, 1.00× is the limit and lower is"
              + " costlier. Time spent waiting for a core or sleeping in SQLite's busy handler is"
              + " not CPU, so this view is steadier on a shared machine but blind to lock"
              + " waits.\n\n");
      header(contenders);
      for (Map.Entry<String, String> w : WORKLOADS.entrySet()) {
        if (!cpu.workloads().contains(w.getKey())) {
          continue;
        }
        md.append("| ").append(w.getValue());
        for (String c : contenders) {
          double us = cpu.median(w.getKey(), c);
          md.append(" | ")
              .append(Double.isNaN(us) ? "–" : String.format(Locale.ROOT, "%,.1f (%.2f×)", us, cpu.ratio(w.getKey(), BASELINE, c)));
        }
        md.append(" |\n");
      }
      md.append('\n');
    }
  }

  private void header(List<String> contenders) {
    md.append("| Workload");
    for (String c : contenders) {
      md.append(" | ").append(c);
    }
    md.append(" |\n|---");
    for (int i = 0; i < contenders.size(); i++) {
      md.append("|---:");
    }
    md.append("|\n");
  }

  /**
   * Adds the targets, judged on JMH throughput as the issue states them, with the JMH
   * CPU-per-operation ratio and the paired check's wall and CPU ratios beside.
   */
  public void targets(
      Results results, Results cpu, Results pairedWall, Results pairedCpu, List<String> contenders) {
    if (!contenders.contains("flujo") || !contenders.contains(BASELINE)) {
      return;
    }
    md.append("## Targets (issue 8)\n\n")
        .append("Judged on JMH throughput, as the issue states them; beside them, flujo's ratio by"
            + " JMH CPU per operation and by the paired check (wall / CPU), each `")
        .append(BASELINE)
        .append("` ÷ flujo.\n\n")
        .append("| Target | Measured (throughput) | Met | CPU ratio | Paired wall / CPU ratio |\n"
            + "|---|---|---|---|---|\n");
    ratioTarget(results, cpu, pairedWall, pairedCpu, "pointRead", 0.90);
    ratioTarget(results, cpu, pairedWall, pairedCpu, "singleUpsert", 0.90);
    ratioTarget(results, cpu, pairedWall, pairedCpu, "batchUpsert10k", 0.97);
    ratioTarget(results, cpu, pairedWall, pairedCpu, "scan10k", 0.97);
    for (String w :
        List.of("pointRead", "singleUpsert", "mixed80r20wThreads1", "mixed80r20wThreads2", "mixed80r20wThreads4")) {
      aheadTarget(results, contenders, w);
    }
    md.append('\n');
  }

  private void ratioTarget(
      Results results, Results cpu, Results pairedWall, Results pairedCpu, String workload, double target) {
    double ratio = results.ratio(workload, "flujo", BASELINE);
    if (Double.isNaN(ratio)) {
      return;
    }
    double cpuRatio = cpu.ratio(workload, BASELINE, "flujo");
    double wallPaired = pairedWall.ratio(workload, BASELINE, "flujo");
    double cpuPaired = pairedCpu.ratio(workload, BASELINE, "flujo");
    md.append(String.format(
        Locale.ROOT,
        "| flujo ≥ %.2f× %s on %s | %.2f× | %s | %s | %s |\n",
        target,
        BASELINE,
        WORKLOADS.get(workload),
        ratio,
        ratio >= target ? "met" : "**not met**",
        Double.isNaN(cpuRatio) ? "–" : String.format(Locale.ROOT, "%.2f×", cpuRatio),
        Double.isNaN(wallPaired)
            ? "–"
            : String.format(Locale.ROOT, "%.2f× / %.2f×", wallPaired, cpuPaired)));
  }

  private void aheadTarget(Results results, List<String> contenders, String workload) {
    double flujo = results.median(workload, "flujo");
    if (Double.isNaN(flujo)) {
      return;
    }
    List<String> others = new ArrayList<>();
    List<String> behind = new ArrayList<>();
    for (String c : contenders) {
      if (c.equals("flujo") || c.equals(BASELINE)) {
        continue;
      }
      double score = results.median(workload, c);
      if (Double.isNaN(score)) {
        continue;
      }
      others.add(String.format(Locale.ROOT, "%s %.2f×", c, flujo / score));
      if (score >= flujo) {
        behind.add(c);
      }
    }
    if (others.isEmpty()) {
      return;
    }
    md.append("| flujo ahead of every library and per-call JDBC on ")
        .append(WORKLOADS.get(workload))
        .append(" | flujo ÷ ")
        .append(String.join(", ", others))
        .append(" | ")
        .append(behind.isEmpty() ? "met" : "**not met** (behind " + String.join(", ", behind) + ")")
        .append(" | | |\n");
  }

  /**
   * Adds the paired check: single-row workloads interleaved in one JVM, wall and thread-CPU
   * microseconds per operation with the limit's figure divided by the contender's.
   */
  public void paired(Results wall, Results cpu, List<String> contenders, String settings) {
    if (wall.workloads().isEmpty()) {
      return;
    }
    md.append("## Paired check: contenders interleaved in one JVM\n\n")
        .append("Every contender open at once in one JVM, on files of its own with the same rows,"
            + " warmed up and then measured in turns of short blocks (the first to go rotating), so"
            + " outside load falls on all of them alike (")
        .append(settings)
        .append("). Median microseconds per operation, wall clock and CPU of the calling thread;"
            + " in brackets `")
        .append(BASELINE)
        .append("` ÷ contender, so 1.00× is the limit and lower is slower.\n\n");
    header(contenders);
    for (String w : wall.workloads()) {
      for (Results r : List.of(wall, cpu)) {
        md.append("| ").append(WORKLOADS.getOrDefault(w, w)).append(r == wall ? ", wall" : ", CPU");
        for (String c : contenders) {
          double us = r.median(w, c);
          md.append(" | ")
              .append(Double.isNaN(us) ? "–" : String.format(Locale.ROOT, "%,.1f (%.2f×)", us, r.ratio(w, BASELINE, c)));
        }
        md.append(" |\n");
      }
    }
    md.append('\n');
  }

  /** Adds the streaming table. */
  public void streaming(List<StreamResult> streams, long rows, String heapOption) {
    if (streams.isEmpty()) {
      return;
    }
    md.append("## Streaming ")
        .append(String.format(Locale.ROOT, "%,d", rows))
        .append(" rows\n\n")
        .append("Each contender in its own JVM (`")
        .append(heapOption)
        .append("`), best of its passes over the file. Peak heap after GC is the largest occupancy"
            + " any collection left: what the reader kept alive.\n\n")
        .append("| Contender | rows/s | ratio to ")
        .append(BASELINE)
        .append(" | peak heap after GC (MiB) |\n|---|---:|---:|---:|\n");
    double base = Double.NaN;
    for (StreamResult s : streams) {
      if (s.contender().equals(BASELINE)) {
        base = s.rowsPerSecond();
      }
    }
    for (StreamResult s : streams) {
      md.append(String.format(
          Locale.ROOT,
          "| %s | %,.0f | %.2f× | %.1f |\n",
          s.contender(),
          s.rowsPerSecond(),
          s.rowsPerSecond() / base,
          s.peakAfterGcBytes() / (1024.0 * 1024.0)));
    }
    md.append('\n');
  }

  /** Adds the processor's compile cost: warm (in-process, after warm-up) and cold (fresh JVMs). */
  public void compileCost(CompileCost.Result warm, CompileCost.Result cold) {
    if (warm == null && cold == null) {
      return;
    }
    md.append("## Processor cost\n\n")
        .append("`javax.tools.JavaCompiler` in-process on a generated set of `@StateTable` records"
            + " (13 columns of every supported kind of type, one index each), without (`-proc:none`)"
            + " and with Flujo's processor, which also compiles the DAOs it writes. CPU is the"
            + " compiling thread's CPU time, steadier than wall time on a shared machine.\n\n")
        .append("| | entities | without: wall / CPU (ms) | with: wall / CPU (ms) |"
            + " difference: wall / CPU (ms) | per entity: wall / CPU (ms) |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
    compileRow("warm javac, median of " + (warm == null ? 0 : warm.runs()), warm);
    compileRow("cold javac, fresh JVM each, median of " + (cold == null ? 0 : cold.runs()), cold);
    CompileCost.Result any = warm != null ? warm : cold;
    md.append("\nThe processor wrote ")
        .append(any.with().generatedFiles())
        .append(" source files per compile.\n\n");
  }

  private void compileRow(String label, CompileCost.Result r) {
    if (r == null) {
      return;
    }
    md.append(String.format(
        Locale.ROOT,
        "| %s | %d | %.0f / %.0f | %.0f / %.0f | %.0f / %.0f | %.2f / %.2f |\n",
        label,
        r.entities(),
        r.without().wallMillis(),
        r.without().cpuMillis(),
        r.with().wallMillis(),
        r.with().cpuMillis(),
        r.with().wallMillis() - r.without().wallMillis(),
        r.with().cpuMillis() - r.without().cpuMillis(),
        r.perEntityWallMillis(),
        r.perEntityCpuMillis()));
  }

  /** Adds a free-form line. */
  public void note(String line) {
    md.append(line).append("\n\n");
  }

  /** The Markdown text. */
  public String text() {
    return md.toString();
  }

  /** Writes the Markdown to {@code file}. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text());
  }

  /** Now, to the second, for the report's header. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
