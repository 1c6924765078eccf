package dev.flujo.tests.notify;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures notification latency and the write cost of subscribers, and prints the figures
 * (docs/notifications.md). Bounded for CI; {@code -Dflujo.notify.samples=N} for the long form.
 * Latency is from the moment the writer's call returns (its commit done) to the moment the
 * callback starts, clipped at zero (a callback may start before the writer's call has returned).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class NotificationLatencyTest {
  private static final TableDefinition COUNTERS = Counters.TABLE;

  private static final int SAMPLES = Integer.getInteger("flujo.notify.samples", 300);

  @Parameter String dialect;
  @TempDir Path dir;
  private String url;
  private final List<StateDatabase> opened = new ArrayList<>();

  @BeforeEach
  void location() {
    url =
        dialect.equals("postgresql")
            ? PostgresServer.get().newDatabase()
            : "jdbc:sqlite:" + dir.resolve("state.db");
  }

  @AfterEach
  void closeAll() {
    for (StateDatabase db : opened) {
      db.close();
    }
    if (dialect.equals("postgresql")) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  private StateDatabase open(Duration poll) {
    StateDatabase.Builder b =
        StateDatabase.builder().url(url).tables(COUNTERS).changePollInterval(poll);
    if (dialect.equals("postgresql") && PostgresServer.get().user() != null) {
      b.credentials(PostgresServer.get().user(), PostgresServer.get().password());
    }
    StateDatabase db = b.open();
    opened.add(db);
    return db;
  }

  private void report(String what, double[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "[notify %s] %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n",
        dialect,
        what,
        Counters.percentile(sorted, 0.50),
        Counters.percentile(sorted, 0.99),
        sorted[sorted.length - 1],
        sorted.length);
  }

  @Test
  void inProcessCommitReachesTheCallbackWithinMilliseconds() throws Exception {
    StateDatabase db = open(Duration.ZERO);
    double[] ms = Counters.latencies(db, db, SAMPLES);
    report("in-process commit -> callback", ms);
    assertThat(Counters.percentile(ms, 0.99)).isLessThan(50.0);
  }

  @Test
  void anotherConnectionsCommitIsHeardWithinThePollIntervalOrNotify() throws Exception {
    Duration poll = Duration.ofMillis(100);
    StateDatabase listener = open(poll);
    StateDatabase writer = open(Duration.ZERO);
    double[] ms = Counters.latencies(writer, listener, Math.max(20, SAMPLES / 10));
    report(
        dialect.equals("sqlite")
            ? "other connection -> callback (data_version poll every 100 ms)"
            : "other connection -> callback (LISTEN/NOTIFY)",
        ms);
    assertThat(Counters.percentile(ms, 0.99))
        .isLessThan(dialect.equals("sqlite") ? 100.0 + 200.0 : 200.0);
  }

  @Test
  void hundredSubscribersCostTheWriterLittle() throws Exception {
    StateDatabase db = open(Duration.ZERO);
    int writes = SAMPLES * 3;
    rate(db, writes * 2);
    AtomicLong calls = new AtomicLong();
    double[] ratios = new double[5];
    double bestWithout = 0;
    double bestWith = 0;
    for (int round = 0; round < ratios.length; round++) {
      double without = rate(db, writes);
      List<ChangeSubscription> subscriptions = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        subscriptions.add(db.subscribe(t -> calls.incrementAndGet(), COUNTERS));
      }
      double with = rate(db, writes);
      for (ChangeSubscription s : subscriptions) {
        s.close();
      }
      ratios[round] = with / without;
      bestWithout = Math.max(bestWithout, without);
      bestWith = Math.max(bestWith, with);
    }
    Arrays.sort(ratios);
    System.out.printf(
        Locale.ROOT,
        "[notify %s] single-row writes/s: best %.0f without subscribers, best %.0f with 100;"
            + " median of 5 paired ratios %.3f%n",
        dialect,
        bestWithout,
        bestWith,
        ratios[2]);
    assertThat(calls.get()).isGreaterThan(0L);
    assertThat(ratios[2]).isGreaterThan(0.5);
  }

  private static double rate(StateDatabase db, int writes) {
    long start = System.nanoTime();
    for (int i = 0; i < writes; i++) {
      Counters.write(db, "k", i);
    }
    return writes / ((System.nanoTime() - start) / 1e9);
  }
}
