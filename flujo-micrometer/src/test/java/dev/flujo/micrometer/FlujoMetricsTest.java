package dev.flujo.micrometer;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlujoMetricsTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FlujoMetrics metrics = new FlujoMetrics(Tags.of("database", "items"));
  private StateDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private StateDatabase open(StateDatabase.Builder builder) {
    db = builder.file(dir.resolve("items.db")).listener(metrics).open();
    Items.create(db);
    metrics.database(db).bindTo(registry);
    return db;
  }

  private Timer operations(String operation, String kind, String outcome) {
    return registry
        .get("flujo.operations")
        .tags("database", "items", "table", "item", "operation", operation)
        .tags("kind", kind, "outcome", outcome)
        .timer();
  }

  @Test
  void statementsAreTimedPerTableOperationAndOutcome() {
    open(StateDatabase.builder());

    Items.insert(db, 1);
    Items.insert(db, 2);
    assertThat(Items.find(db, 1)).isEqualTo("value-1");
    assertThrows(DuplicateKeyException.class, () -> Items.insert(db, 1));

    assertThat(operations("ItemDao.insert", "write", "success").count()).isEqualTo(2);
    assertThat(operations("ItemDao.insert", "write", "failure").count()).isEqualTo(1);
    Timer reads = operations("ItemDao.findById", "read", "success");
    assertThat(reads.count()).isEqualTo(1);
    assertThat(reads.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isGreaterThan(0.0);
    assertThat(registry.get("flujo.write.lock.wait").timer().count()).isEqualTo(3);
  }

  @Test
  void oneOperationNameOnTwoTablesKeepsATimerPerTable() {
    metrics.bindTo(registry);
    var ok = dev.flujo.runtime.OperationListener.Outcome.SUCCESS;

    metrics.operation("a", "Shared.run", false, ok, 10);
    metrics.operation("b", "Shared.run", false, ok, 20);
    metrics.operation("b", "Shared.run", false, ok, 30);
    metrics.operation(null, "Shared.run", false, ok, 40);

    Timer a = registry.get("flujo.operations").tags("table", "a", "operation", "Shared.run").timer();
    Timer b = registry.get("flujo.operations").tags("table", "b", "operation", "Shared.run").timer();
    Timer none =
        registry.get("flujo.operations").tags("table", "none", "operation", "Shared.run").timer();
    assertThat(a.count()).isEqualTo(1);
    assertThat(b.count()).isEqualTo(2);
    assertThat(b.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isEqualTo(50.0);
    assertThat(none.count()).isEqualTo(1);
  }

  @Test
  void transactionsAreTimedByKindAndOutcome() {
    open(StateDatabase.builder());

    db.inTransaction(() -> Items.insert(db, 1));
    db.readTransaction(() -> Items.find(db, 1));
    assertThrows(
        IllegalStateException.class,
        () ->
            db.inTransaction(
                () -> {
                  Items.insert(db, 2);
                  throw new IllegalStateException("roll back");
                }));

    assertThat(
            registry.get("flujo.transactions").tags("kind", "write", "outcome", "success").timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get("flujo.transactions").tags("kind", "read", "outcome", "success").timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry.get("flujo.transactions").tags("kind", "write", "outcome", "failure").timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void busyFileCountsTransientFailuresRetriesAndExhaustion() throws Exception {
    open(
        StateDatabase.builder()
            .busyTimeout(Duration.ZERO)
            .retryPolicy(new RetryPolicy(3, 1, 1.0, 1, 0.0)));
    Properties noWait = new Properties();
    noWait.setProperty("busy_timeout", "0");
    try (Connection holder =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("items.db"), noWait);
        Statement s = holder.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      assertThrows(RetryExhaustedException.class, () -> Items.insert(db, 1));
      s.execute("ROLLBACK");
    }

    assertThat(
            registry.get("flujo.transient.failures").tags("table", "item", "kind", "busy")
                .counter().count())
        .isEqualTo(3.0);
    assertThat(registry.get("flujo.retries").tags("operation", "ItemDao.insert").counter().count())
        .isEqualTo(2.0);
    assertThat(
            registry.get("flujo.retries.exhausted").tags("operation", "ItemDao.insert").counter()
                .count())
        .isEqualTo(1.0);
    assertThat(operations("ItemDao.insert", "write", "transient_failure").count()).isEqualTo(3);
    assertThat(db.metrics().retries()).isEqualTo(2);
  }

  @Test
  void gaugesReadThePoolAndTheWal() throws Exception {
    open(StateDatabase.builder().poolSize(3));
    Items.insert(db, 1);

    assertThat(registry.get("flujo.pool.active").gauge().value()).isEqualTo(0.0);
    assertThat(registry.get("flujo.pool.idle").gauge().value()).isAtLeast(1.0);
    assertThat(registry.get("flujo.pool.waiting").gauge().value()).isEqualTo(0.0);
    double wal = registry.get("flujo.wal.size").gauge().value();
    assertThat(wal).isEqualTo((double) Files.size(dir.resolve("items.db-wal")));
    assertThat(wal).isGreaterThan(0.0);
    assertThat(registry.get("flujo.wal.checkpoints").functionCounter().count()).isEqualTo(0.0);

    db.close();
    assertThat(registry.get("flujo.pool.active").gauge().value()).isNaN();
  }

  @Test
  void meterNamesFollowMicrometerConventions() {
    open(StateDatabase.builder());
    Items.insert(db, 1);
    db.inTransaction(() -> Items.insert(db, 2));

    for (Meter m : registry.getMeters()) {
      assertThat(m.getId().getName()).matches("flujo(\\.[a-z]+)+");
      for (var tag : m.getId().getTags()) {
        assertThat(tag.getKey()).matches("[a-z]+");
      }
    }
  }

  @Test
  void eventsBeforeBindingAreDroppedAndASecondRegistryIsRefused() {
    db = StateDatabase.builder().file(dir.resolve("items.db")).listener(metrics).open();
    Items.create(db);
    Items.insert(db, 1);

    metrics.database(db).bindTo(registry);
    metrics.bindTo(registry);

    assertThat(registry.find("flujo.operations").timers()).isEmpty();
    assertThrows(IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
  }
}
