package dev.flujo.tests.notify;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.spi.SqlStatement;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The table the notification tests write to, {@code counters (id, value)}, and their probes. */
final class Counters {
  static final TableDefinition TABLE =
      TableDefinition.builder("counters")
          .columns(
              ColumnDefinition.key("id", ColumnType.TEXT, 1),
              ColumnDefinition.notNull("value", ColumnType.BIGINT))
          .createTableSql(
              "CREATE TABLE IF NOT EXISTS \"counters\" (\n  \"id\" TEXT NOT NULL,\n  \"value\""
                  + " INTEGER NOT NULL,\n  PRIMARY KEY (\"id\")\n) WITHOUT ROWID, STRICT")
          .fingerprint("counters-1")
          .build();

  static final SqlStatement UPSERT =
      SqlStatement.write(
          "counters",
          "counters.upsert",
          "INSERT INTO \"counters\" (\"id\", \"value\") VALUES (?, ?) ON CONFLICT (\"id\") DO"
              + " UPDATE SET \"value\" = excluded.\"value\"");

  private Counters() {}

  /** Upserts row {@code id} with {@code value} outside any transaction. */
  static void write(StateDatabase db, String id, long value) {
    Session.of(db)
        .execute(
            UPSERT,
            st -> {
              st.setString(1, id);
              st.setLong(2, value);
              return st.executeUpdate();
            });
  }

  /**
   * Latencies (ms, sorted) from a write's return to {@code listener}'s callback, one write at a
   * time, clipped at zero (a callback may start before the writer's call has returned).
   */
  static double[] latencies(StateDatabase writer, StateDatabase listener, int samples)
      throws Exception {
    Semaphore called = new Semaphore(0);
    AtomicLong calledAt = new AtomicLong();
    double[] ms = new double[samples];
    try (ChangeSubscription s =
        listener.subscribe(
            t -> {
              calledAt.set(System.nanoTime());
              called.release();
            },
            TABLE)) {
      Thread.sleep(300);
      called.drainPermits();
      for (int i = 0; i < samples; i++) {
        write(writer, "k", i);
        long returned = System.nanoTime();
        assertThat(called.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        ms[i] = Math.max(0, calledAt.get() - returned) / 1e6;
        Thread.sleep(2);
        called.drainPermits();
      }
      assertThat(s.isClosed()).isFalse();
    }
    Arrays.sort(ms);
    return ms;
  }

  /** The {@code p} quantile (0..1) of {@code sorted}. */
  static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
