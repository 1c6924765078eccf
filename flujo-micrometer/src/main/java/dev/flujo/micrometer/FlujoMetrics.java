package dev.flujo.micrometer;

import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.StateDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one {@link StateDatabase}: registered as the database's {@link
 * OperationListener}, then bound to a registry.
 *
 * <pre>{@code
 * FlujoMetrics metrics = new FlujoMetrics(Tags.of("database", "orders"));
 * StateDatabase db = StateDatabase.builder().file(path).tables(OrderDao.TABLE)
 *     .listener(metrics)
 *     .open();
 * metrics.database(db).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters (every one also carries the tags given to the constructor)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code flujo.operations}</td><td>timer</td>
 *       <td>{@code table}, {@code operation} (e.g. {@code OrderDao.findById}), {@code kind}
 *       ({@code read}/{@code write}), {@code outcome} ({@code success}/{@code
 *       transient_failure}/{@code failure}); one sample per attempt</td></tr>
 *   <tr><td>{@code flujo.transactions}</td><td>timer</td><td>{@code kind}, {@code outcome}</td></tr>
 *   <tr><td>{@code flujo.write.lock.wait}</td><td>timer</td><td>time writers waited for the
 *       in-process write lock</td></tr>
 *   <tr><td>{@code flujo.transient.failures}</td><td>counter</td><td>{@code table}, {@code kind}
 *       ({@code busy}, {@code locked}, {@code write_lock_timeout}, {@code pool_timeout})</td></tr>
 *   <tr><td>{@code flujo.retries}</td><td>counter</td><td>{@code operation}</td></tr>
 *   <tr><td>{@code flujo.retries.exhausted}</td><td>counter</td><td>{@code operation}</td></tr>
 *   <tr><td>{@code flujo.pool.active}, {@code .idle}, {@code .waiting}</td><td>gauges</td>
 *       <td>connections borrowed, idle; threads waiting for one</td></tr>
 *   <tr><td>{@code flujo.wal.size}</td><td>gauge (bytes)</td><td>size of the {@code -wal}
 *       file</td></tr>
 *   <tr><td>{@code flujo.wal.checkpoints}</td><td>function counter</td><td>truncating
 *       checkpoints run to bound the WAL</td></tr>
 * </table>
 *
 * <p>Events that arrive before {@link #bindTo} are not recorded; gauges read NaN until {@link
 * #database} is called. One instance serves one database and one registry (use a {@code
 * CompositeMeterRegistry} to publish to several).
 */
public final class FlujoMetrics implements MeterBinder, OperationListener {
  private static final String NONE = "none";
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final Tags tags;
  private volatile MeterRegistry registry;
  private volatile StateDatabase database;
  private volatile Timer lockWait;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Timer[]>> operations =
      new ConcurrentHashMap<>();
  /** The timers of an operation's first table, found with one lookup on the hot path. */
  private final ConcurrentHashMap<String, Timers> byOperation = new ConcurrentHashMap<>();
  private final Timer[] transactions = new Timer[OUTCOMES.length * 2];
  private final ConcurrentHashMap<String, Counter> transientFailures = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> exhausted = new ConcurrentHashMap<>();

  /** Meters without extra tags. */
  public FlujoMetrics() {
    this(Tags.empty());
  }

  /** Meters carrying {@code tags}, e.g. {@code Tags.of("database", "orders")}. */
  public FlujoMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /** Sets the database whose pool and WAL the gauges read; returns this. */
  public FlujoMetrics database(StateDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
    return this;
  }

  /**
   * Registers the gauges and starts recording events on {@code registry}.
   *
   * @throws IllegalStateException if already bound to another registry
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (this.registry != null) {
      if (this.registry == registry) {
        return;
      }
      throw new IllegalStateException(
          "FlujoMetrics is bound to " + this.registry + " already; bind a CompositeMeterRegistry");
    }
    gauge(registry, "flujo.pool.active", "connections", "connections borrowed from the pool",
        m -> m.metric(Pool.ACTIVE));
    gauge(registry, "flujo.pool.idle", "connections", "connections idle in the pool",
        m -> m.metric(Pool.IDLE));
    gauge(registry, "flujo.pool.waiting", "threads", "threads waiting for a connection",
        m -> m.metric(Pool.WAITING));
    gauge(registry, "flujo.wal.size", "bytes", "size of the database's -wal file",
        FlujoMetrics::walSize);
    FunctionCounter.builder("flujo.wal.checkpoints", this, FlujoMetrics::walCheckpoints)
        .description("truncating WAL checkpoints run to keep the WAL within its limit")
        .tags(tags)
        .register(registry);
    lockWait =
        Timer.builder("flujo.write.lock.wait")
            .description("time writers waited for the in-process write lock")
            .tags(tags)
            .register(registry);
    for (int k = 0; k < 2; k++) {
      for (Outcome o : OUTCOMES) {
        transactions[index(o, k == 1)] =
            Timer.builder("flujo.transactions")
                .description("outermost transactions, each attempt")
                .tags(tags)
                .tag("kind", k == 1 ? "write" : "read")
                .tag("outcome", tagValue(o))
                .register(registry);
      }
    }
    this.registry = registry;
  }

  @Override
  public void operation(
      String table, String operation, boolean write, Outcome outcome, long nanos) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String t = table == null ? NONE : table;
    Timers cached = byOperation.get(operation);
    Timer[] timers;
    if (cached != null && (cached.table() == t || cached.table().equals(t))) {
      timers = cached.timers();
    } else {
      timers =
          operations
              .computeIfAbsent(t, x -> new ConcurrentHashMap<>())
              .computeIfAbsent(operation, x -> new Timer[OUTCOMES.length * 2]);
      byOperation.putIfAbsent(operation, new Timers(t, timers));
    }
    int i = index(outcome, write);
    Timer timer = timers[i];
    if (timer == null) {
      timer =
          Timer.builder("flujo.operations")
              .description("statements of DAOs and query interfaces, each attempt")
              .tags(tags)
              .tag("table", t)
              .tag("operation", operation)
              .tag("kind", write ? "write" : "read")
              .tag("outcome", tagValue(outcome))
              .register(r);
      timers[i] = timer;
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void transaction(boolean write, Outcome outcome, long nanos) {
    if (registry != null) {
      transactions[index(outcome, write)].record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void writeLockWait(String table, String operation, long nanos) {
    Timer t = lockWait;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void transientFailure(String table, String operation, String kind) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    String t = table == null ? NONE : table;
    transientFailures
        .computeIfAbsent(
            t + '\u0000' + kind,
            x ->
                Counter.builder("flujo.transient.failures")
                    .description("transient failures (busy, locked, lock and pool time-outs)")
                    .tags(tags)
                    .tag("table", t)
                    .tag("kind", kind)
                    .register(r))
        .increment();
  }

  @Override
  public void retry(String operation, int failedAttempt, long delayMillis) {
    count(retries, "flujo.retries", "reruns after a transient failure", operation);
  }

  @Override
  public void retriesExhausted(String operation, int attempts) {
    count(exhausted, "flujo.retries.exhausted", "operations that gave up retrying", operation);
  }

  private void count(
      ConcurrentHashMap<String, Counter> counters, String name, String description, String op) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    counters
        .computeIfAbsent(
            op,
            x ->
                Counter.builder(name)
                    .description(description)
                    .tags(tags)
                    .tag("operation", op)
                    .register(r))
        .increment();
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String unit,
      String description,
      ToDoubleFunction<FlujoMetrics> value) {
    Gauge.builder(name, this, value)
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private record Timers(String table, Timer[] timers) {}

  private enum Pool {
    ACTIVE,
    IDLE,
    WAITING
  }

  private double metric(Pool which) {
    StateDatabase db = database;
    if (db == null || db.isClosed()) {
      return Double.NaN;
    }
    var m = db.metrics();
    switch (which) {
      case ACTIVE:
        return m.poolActive();
      case IDLE:
        return m.poolIdle();
      default:
        return m.poolWaiting();
    }
  }

  private static double walCheckpoints(FlujoMetrics metrics) {
    StateDatabase db = metrics.database;
    return db == null || db.isClosed() ? Double.NaN : db.metrics().walCheckpoints();
  }

  private static double walSize(FlujoMetrics metrics) {
    StateDatabase db = metrics.database;
    if (db == null || db.file().isEmpty()) {
      return Double.NaN;
    }
    Path wal = db.file().get().resolveSibling(db.file().get().getFileName() + "-wal");
    try {
      return Files.size(wal);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static int index(Outcome outcome, boolean write) {
    return outcome.ordinal() * 2 + (write ? 1 : 0);
  }

  private static String tagValue(Outcome outcome) {
    switch (outcome) {
      case SUCCESS:
        return "success";
      case TRANSIENT_FAILURE:
        return "transient_failure";
      default:
        return "failure";
    }
  }
}
