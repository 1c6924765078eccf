package dev.flujo.benchmarks.jmh;

import static com.google.common.truth.Truth.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every JMH workload runs end to end (state setup, the benchmark method, tear-down) for Flujo, in
 * this JVM and for a fraction of a second each: a bounded smoke test for {@code mvn verify}, not
 * a measurement.
 */
class WorkloadsSmokeTest {
  @Test
  void everyWorkloadRunsAndScores() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include("dev\\.flujo\\.benchmarks\\.jmh\\.Workloads\\.")
                    .param("contender", "flujo")
                    .forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100))
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run();

    Set<String> ran =
        results.stream()
            .map(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
            .collect(Collectors.toSet());
    assertThat(ran)
        .containsExactly(
            "batchUpsert10k",
            "singleUpsert",
            "pointRead",
            "scan10k",
            "filteredOrderByLimit",
            "mixed80r20wThreads1",
            "mixed80r20wThreads2",
            "mixed80r20wThreads4");
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore()).isGreaterThan(0.0);
    }
  }
}
