package dev.flujo.benchmarks.harness;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.benchmarks.harness.NotifyCommitCost.Result;
import org.junit.jupiter.api.Test;

/**
 * The harness behind the {@code NOTIFY} figures of docs/notifications.md runs end to end on its own
 * durable embedded server: a bounded smoke test, not the measurement.
 */
class NotifyCommitCostTest {
  @Test
  void everyModeCommits() throws Exception {
    Result result = NotifyCommitCost.measure(4, 0.5, 1);
    System.out.println(result.line());

    assertThat(result.threads()).isEqualTo(4);
    assertThat(result.inTransaction()).isGreaterThan(0.0);
    assertThat(result.afterCommit()).isGreaterThan(0.0);
    assertThat(result.off()).isGreaterThan(0.0);
    assertThat(result.line()).startsWith("NOTIFY threads=4 ");
  }
}
