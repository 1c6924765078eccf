package dev.flujo.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the forked JVM's CPU time per operation ({@value #NAME}, microseconds): all of the
 * process's CPU during an iteration (benchmark threads, GC, pool housekeeping) divided by the
 * operations it completed. Unlike throughput it does not count time spent waiting for a core, so
 * on a machine shared with other work it is the steadier measure of what an operation costs; it
 * does not count time spent sleeping either (SQLite's busy handler), so for contended writers
 * throughput remains the measure.
 */
public final class CpuPerOpProfiler implements InternalProfiler {
  /** The secondary result's name. */
  public static final String NAME = "cpu.us/op";

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long startNanos;

  /** Created by JMH. */
  public CpuPerOpProfiler() {}

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    startNanos = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - startNanos;
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
    if (ops <= 0 || cpu < 0) {
      return List.of();
    }
    return List.of(new ScalarResult(NAME, cpu / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
  }
}
