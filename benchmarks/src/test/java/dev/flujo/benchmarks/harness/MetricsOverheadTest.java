package dev.flujo.benchmarks.harness;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.benchmarks.harness.MetricsOverhead.Estimate;
import dev.flujo.benchmarks.harness.MetricsOverhead.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * flujo-micrometer's {@code FlujoMetrics}, bound to a registry, adds at most 3 % to a point read
 * (the target), measured by {@link MetricsOverhead} on SQLite.
 *
 * <p>The bounded form here (one trial, about 12 s) fails when the run shows the overhead above
 * 3 % (even the low end of its 95 % interval is above) or reads it above 5 %. Its interval covers
 * one run only, and runs on a shared machine differ by about a percentage point, so it guards
 * against a regression rather than proving the target. The long form ({@code -Dflujo.bench.metrics.long=true}, about
 * 2 minutes) is the proof: seven trials, each on fresh databases, whose median overhead must be at
 * most 3 % and none shown above it.
 */
class MetricsOverheadTest {
  private static final double TARGET = 1.03;
  /** What one bounded trial may read before it is taken for a regression, interval aside. */
  private static final double ONE_TRIAL_GUARD = 1.05;

  @Test
  void metricsAddAtMostThreePercentToAPointRead() throws Exception {
    boolean longForm = Boolean.getBoolean("flujo.bench.metrics.long");
    int trials = longForm ? 7 : 1;
    List<Result> results = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      Result result =
          longForm
              ? MetricsOverhead.measure(6, 20_000, 100, 250)
              : MetricsOverhead.measure(6, 20_000, 50, 250);
      System.out.println(result.line());
      results.add(result);
    }

    for (Result result : results) {
      assertWithMessage("the A/A control says this harness cannot resolve 3 %%: %s", result.line())
          .that(Math.abs(result.control().ratio() - 1))
          .isLessThan(TARGET - 1);
      assertWithMessage("FlujoMetrics overhead on point reads: %s", result.line())
          .that(result.overhead().low())
          .isAtMost(TARGET);
    }
    double[] ratios = results.stream().mapToDouble(r -> r.overhead().ratio()).sorted().toArray();
    assertWithMessage("median FlujoMetrics overhead over %s trials: %s", trials, results)
        .that(ratios[ratios.length / 2])
        .isAtMost(longForm ? TARGET : ONE_TRIAL_GUARD);
  }

  @Test
  void estimateIsTheMedianRatioWithAnIntervalAroundIt() {
    double[] ratios = {1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 3.0};
    Estimate e = MetricsOverhead.estimate(ratios, 2);

    assertThat(e.ratio()).isWithin(1e-9).of(1.1);
    assertThat(e.low()).isAtMost(e.ratio());
    assertThat(e.high()).isAtLeast(e.ratio());
    assertThat(e.percent()).startsWith("+10.00 %");
  }
}
