package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.StateDatabase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Suite 3, busy storm in one JVM: 32 threads share a pool of 2 or 3 connections, mixing transfers,
 * nested transactions whose inner part fails, transactions that roll back, snapshot reads, point
 * reads, partly consumed streams and single upserts. A watchdog fails the test if the threads do
 * not finish within a bound after their time is up (a deadlock), with their stacks. Afterwards no
 * connection is borrowed, Hikari's leak detection logged nothing, every snapshot saw the same
 * total, no rolled-back write is visible and every committed transfer is whole.
 */
@Tag("reliability")
@Isolated("its watchdog bound and throughput assume it runs alone")
class BusyStormTest {
  static final int THREADS = 32;
  static final Duration WATCHDOG = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** Thrown on purpose to roll a transaction or savepoint back. */
  static final class Deliberate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Deliberate() {
      super("rolled back on purpose", null, false, false);
    }
  }

  @ParameterizedTest(name = "poolSize={0}")
  @ValueSource(ints = {2, 3})
  void thirtyTwoThreadsOnATinyPoolNeitherDeadlockNorLeak(int poolSize) throws Exception {
    int seconds = Settings.choose("storm.seconds", 3, 30);
    long seed = Settings.seed();
    Path file = dir.resolve("storm.db");
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    Set<Long> committedTransfers = ConcurrentHashMap.newKeySet();
    Map<String, Long> committedMarkers = new ConcurrentHashMap<>();
    LongAdder operations = new LongAdder();
    AtomicLong nextTxn = new AtomicLong(1);
    AtomicInteger rolledBack = new AtomicInteger();
    Metrics metrics;
    String leakLog;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(Ledger.TABLES)
            .poolSize(poolSize)
            .leakDetection(Duration.ofSeconds(2))
            .corruptionPolicy(CorruptionPolicy.FAIL)
            .open()) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool =
          Executors.newFixedThreadPool(
              THREADS,
              r -> {
                Thread t = new Thread(r, "storm-" + r.hashCode());
                t.setDaemon(true);
                return t;
              });
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(seed + t);
        int worker = t;
        pool.execute(
            () -> {
              long markerSeq = 0;
              while (System.nanoTime() < deadline) {
                try {
                  int r = random.nextInt(100);
                  if (r < 25) {
                    Ledger.Plan plan =
                        Ledger.Plan.random(nextTxn.getAndIncrement(), random, 2, 200);
                    ledger.transfer(plan);
                    committedTransfers.add(plan.txn());
                  } else if (r < 35) {
                    String outer = "outer-" + worker;
                    long seq = ++markerSeq;
                    db.inTransaction(
                        () -> {
                          ledger.markers.upsert(new Marker(outer, seq, ""));
                          try {
                            db.inTransaction(
                                () -> {
                                  ledger.markers.upsert(new Marker("inner-" + worker, seq, ""));
                                  throw new Deliberate();
                                });
                          } catch (Deliberate expected) {
                            rolledBack.incrementAndGet();
                          }
                        });
                    committedMarkers.put(outer, seq);
                  } else if (r < 40) {
                    try {
                      db.inTransaction(
                          () -> {
                            ledger.transfer(
                                Ledger.Plan.random(-nextTxn.getAndIncrement(), random, 1, 10));
                            throw new Deliberate();
                          });
                    } catch (Deliberate expected) {
                      rolledBack.incrementAndGet();
                    }
                  } else if (r < 60) {
                    long total = ledger.totalBalance();
                    if (total != Ledger.TOTAL) {
                      errors.add("snapshot total " + total);
                    }
                  } else if (r < 80) {
                    ledger.accounts.findById(Ledger.account(random.nextInt(Ledger.ACCOUNTS)));
                  } else if (r < 90) {
                    try (Stream<Marker> markers = ledger.markers.streamAll()) {
                      markers.limit(1 + random.nextInt(5)).count();
                    }
                  } else {
                    String id = "single-" + worker;
                    long seq = ++markerSeq;
                    ledger.markers.upsert(new Marker(id, seq, "x"));
                    committedMarkers.put(id, seq);
                  }
                  operations.increment();
                } catch (RuntimeException | Error e) {
                  errors.add(Thread.currentThread().getName() + ": " + e);
                }
              }
            });
      }
      pool.shutdown();
      boolean finished = pool.awaitTermination(seconds + WATCHDOG.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        pool.shutdownNow();
      }
      assertWithMessage(
              "storm threads still running %s after their time was up: a deadlock?\n%s",
              WATCHDOG, stormStacks())
          .that(finished)
          .isTrue();
      metrics = db.metrics();
      assertWithMessage("sum of balances after the storm")
          .that(ledger.totalBalance())
          .isEqualTo(Ledger.TOTAL);
      assertWithMessage("rows written inside rolled-back savepoints or transactions")
          .that(
              ledger.markers.findAll().stream()
                  .map(Marker::id)
                  .filter(id -> id.startsWith("inner-"))
                  .collect(Collectors.toList()))
          .isEmpty();
      assertWithMessage("transfers of rolled-back transactions")
          .that(ledger.transfers.findAll().stream().filter(t -> t.txn() < 0).count())
          .isEqualTo(0L);
    } finally {
      System.setErr(originalErr);
      leakLog = captured.toString(StandardCharsets.UTF_8);
    }

    assertWithMessage("exceptions in storm threads").that(errors).isEmpty();
    assertWithMessage("connections still borrowed after the storm (%s)", metrics)
        .that(metrics.poolActive())
        .isEqualTo(0);
    assertWithMessage("threads still waiting for a connection (%s)", metrics)
        .that(metrics.poolWaiting())
        .isEqualTo(0);
    assertWithMessage("connections in the pool (%s)", metrics)
        .that(metrics.poolTotal())
        .isEqualTo(poolSize);
    assertWithMessage("Hikari leak detection output").that(leakLog).doesNotContain("leak");
    LedgerCheck.verify(file, committedTransfers, committedMarkers, "after the storm");
    assertWithMessage("operations completed").that(operations.sum()).isGreaterThan(0L);

    Figures.of("storm poolSize=" + poolSize)
        .put("threads", THREADS)
        .put("seconds", seconds)
        .put("operations", operations.sum())
        .put("opsPerSecond", operations.sum() / seconds)
        .put("rollbacksOnPurpose", rolledBack.get())
        .put("transfersChecked", committedTransfers.size())
        .put("retries", metrics.retries())
        .put("transientFailures", metrics.transientFailures())
        .record();
  }

  private static String stormStacks() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("storm-"))
        .map(
            e ->
                e.getKey().getName()
                    + " "
                    + e.getKey().getState()
                    + Stream.of(e.getValue())
                        .map(f -> "\n    at " + f)
                        .collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }
}
