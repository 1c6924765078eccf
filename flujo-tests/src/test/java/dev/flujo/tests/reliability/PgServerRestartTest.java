package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.CommitOutcomeUnknownException;
import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TransientStateException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Suite 3 on PostgreSQL: the server crashes ({@code pg_ctl stop -m immediate}) and starts again on
 * the same port and data directory while threads of one open {@link StateDatabase} commit
 * transfers, upsert markers and read balances. Callers wait through the outage in their retries,
 * or get a transient failure, or — only for a write whose connection was lost while its commit was
 * in flight — {@link CommitOutcomeUnknownException}; no call returns a wrong answer. The same
 * {@code StateDatabase} works again once the server is back (its pool replaces the dead
 * connections), and every commit acknowledged before a crash is on the server afterwards, with no
 * transaction half applied.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Isolated("it runs its own server and reports its outage figures")
class PgServerRestartTest {
  /** Long enough to wait through a restart: about 20 s of retries in all. */
  static final RetryPolicy THROUGH_RESTARTS = new RetryPolicy(60, 20, 2.0, 500, 0.5);

  static final int TRANSFER_THREADS = 3;
  static final int MARKER_THREADS = 2;

  @TempDir static Path dir;

  private static RestartablePostgres server;
  private static int databases;
  private PgTarget target;

  @BeforeAll
  static void startServer() throws Exception {
    server = RestartablePostgres.start(dir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void createDatabase() throws Exception {
    target = new PgTarget(server.newDatabase("restart_" + ++databases), null, null);
  }

  private StateDatabase open() {
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url(target.url())
            .tables(Ledger.TABLES)
            .poolSize(TRANSFER_THREADS + MARKER_THREADS + 1)
            .connectionTimeout(Duration.ofSeconds(1))
            .retryPolicy(THROUGH_RESTARTS);
    return builder.open();
  }

  @Test
  void serverCrashAndRestartUnderLoadLosesNoAcknowledgedCommitAndThePoolRecovers()
      throws Exception {
    int crashes = Settings.choose("pg.restart.crashes", 2, 20);
    long seed = Settings.seed();
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Set<Long> outcomeUnknown = ConcurrentHashMap.newKeySet();
    Map<String, Long> acknowledgedMarkers = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    LongAdder transientErrors = new LongAdder();
    LongAdder markerOutcomeUnknown = new LongAdder();
    LongAdder reads = new LongAdder();
    AtomicInteger phase = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    long[] committedAfterRestart = new long[crashes + 1];
    Metrics metrics;
    long outageMillis = 0;
    long started = System.nanoTime();
    try (StateDatabase db = open()) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < TRANSFER_THREADS; t++) {
        long base = (t + 1) * 1_000_000_000L;
        Random random = new Random(seed + t);
        threads.add(
            new Thread(
                () -> {
                  for (long txn = base; !stop.get(); txn++) {
                    int during = phase.get();
                    try {
                      ledger.transfer(Ledger.Plan.random(txn, random, 3, 100));
                      acknowledged.add(txn);
                      synchronized (committedAfterRestart) {
                        committedAfterRestart[during]++;
                      }
                    } catch (CommitOutcomeUnknownException e) {
                      outcomeUnknown.add(txn);
                    } catch (TransientStateException | RetryExhaustedException e) {
                      transientErrors.increment();
                    } catch (RuntimeException e) {
                      wrong.add("transfer " + txn + ": " + e);
                    }
                  }
                },
                "transfers-" + t));
      }
      for (int t = 0; t < MARKER_THREADS; t++) {
        String id = "marker-" + t;
        threads.add(
            new Thread(
                () -> {
                  for (long seq = 1; !stop.get(); seq++) {
                    try {
                      ledger.markers.upsert(new Marker(id, seq, "m"));
                      acknowledgedMarkers.put(id, seq);
                    } catch (CommitOutcomeUnknownException e) {
                      markerOutcomeUnknown.increment();
                    } catch (TransientStateException | RetryExhaustedException e) {
                      transientErrors.increment();
                    } catch (RuntimeException e) {
                      wrong.add("marker " + id + " " + seq + ": " + e);
                    }
                  }
                },
                "markers-" + t));
      }
      threads.add(
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    long total = ledger.totalBalance();
                    reads.increment();
                    if (total != Ledger.TOTAL) {
                      wrong.add("read a balance sum of " + total + ", not " + Ledger.TOTAL);
                    }
                  } catch (TransientStateException | RetryExhaustedException e) {
                    transientErrors.increment();
                  } catch (RuntimeException e) {
                    wrong.add("read: " + e);
                  }
                }
              },
              "reader"));
      threads.forEach(Thread::start);
      try {
        for (int c = 1; c <= crashes; c++) {
          awaitCommits(committedAfterRestart, c - 1, 20);
          long down = System.nanoTime();
          server.crash();
          Thread.sleep(300);
          server.start();
          outageMillis += (System.nanoTime() - down) / 1_000_000;
          phase.set(c);
        }
        awaitCommits(committedAfterRestart, crashes, 20);
      } finally {
        stop.set(true);
        for (Thread thread : threads) {
          thread.join(Duration.ofSeconds(60).toMillis());
        }
      }
      metrics = db.metrics();
      assertWithMessage("calls that returned a wrong answer or failed in a way they must not")
          .that(wrong)
          .isEmpty();
      assertWithMessage("balance sum through the same StateDatabase after the restarts")
          .that(ledger.totalBalance())
          .isEqualTo(Ledger.TOTAL);
    }
    try (Connection c = target.connect()) {
      Set<Long> present = transfersIn(c);
      long unknownCommitted = outcomeUnknown.stream().filter(present::contains).count();
      LedgerCheck.Result result =
          LedgerCheck.verify(c, target.url(), acknowledged, acknowledgedMarkers, "after restarts");
      Figures.of("postgres server restart")
          .put("crashes", crashes)
          .put("outageMillisEach", outageMillis / crashes)
          .put("transfersAcknowledged", acknowledged.size())
          .put("transfersOutcomeUnknown", outcomeUnknown.size())
          .put("ofThemCommitted", unknownCommitted)
          .put("markerUpsertsOutcomeUnknown", markerOutcomeUnknown.sum())
          .put("transientErrorsToCallers", transientErrors.sum())
          .put("retries", metrics.retries())
          .put("transientFailures", metrics.transientFailures())
          .put("balanceReads", reads.sum())
          .put("transfersInDatabase", result.transfers())
          .put("seconds", (System.nanoTime() - started) / 1_000_000_000L)
          .put("seed", seed)
          .record();
    }
    assertWithMessage("transient failures seen by the database: the crashes were noticed")
        .that(metrics.transientFailures())
        .isGreaterThan(0L);
  }

  @Test
  void readTransactionWhoseConnectionIsLostAtCommitIsRetriedNotReportedAsOutcomeUnknown()
      throws Exception {
    try (StateDatabase db = open()) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      AtomicInteger attempts = new AtomicInteger();
      Thread restart = new Thread(PgServerRestartTest::restartSoon, "restart");
      long total =
          db.readTransaction(
              () -> {
                long sum = ledger.accounts.findAll().stream().mapToLong(Account::balance).sum();
                if (attempts.incrementAndGet() == 1) {
                  crashServer();
                  restart.start();
                }
                return sum;
              });
      restart.join();
      assertWithMessage("the balance sum the retried read returned")
          .that(total)
          .isEqualTo(Ledger.TOTAL);
      assertWithMessage("attempts of the read transaction").that(attempts.get()).isEqualTo(2);
    }
  }

  @Test
  void writeTransactionWhoseConnectionIsLostAtCommitIsOutcomeUnknownAndNotRetried()
      throws Exception {
    try (StateDatabase db = open()) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      AtomicInteger attempts = new AtomicInteger();
      Thread restart = new Thread(PgServerRestartTest::restartSoon, "restart");
      CommitOutcomeUnknownException e =
          assertThrows(
              CommitOutcomeUnknownException.class,
              () ->
                  db.inTransaction(
                      () -> {
                        attempts.incrementAndGet();
                        ledger.transfers.insert(new Transfer(7, "acct-00", "acct-01", 1, 0));
                        crashServer();
                        restart.start();
                      }));
      restart.join();
      assertWithMessage("its message").that(e.getMessage()).contains("may or may not have");
      assertWithMessage("attempts of the write transaction").that(attempts.get()).isEqualTo(1);
      assertWithMessage("the transfer, after the restart (the server never saw COMMIT)")
          .that(ledger.transfers.findById(7L))
          .isEmpty();
    }
  }

  private static void crashServer() {
    try {
      server.crash();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void restartSoon() {
    try {
      Thread.sleep(300);
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the transfer threads committed {@code count} transfers in {@code phase} (after
   * that many restarts): the pool serves again.
   */
  private static void awaitCommits(long[] perPhase, int phase, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      synchronized (perPhase) {
        if (perPhase[phase] >= count) {
          return;
        }
      }
      assertWithMessage(
              "transfers committed by the same StateDatabase within 60 s after restart %s",
              phase)
          .that(System.nanoTime() < deadline)
          .isTrue();
      Thread.sleep(20);
    }
  }

  private static Set<Long> transfersIn(Connection c) throws Exception {
    Set<Long> present = ConcurrentHashMap.newKeySet();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT txn FROM rel_transfer")) {
      while (rs.next()) {
        present.add(rs.getLong(1));
      }
    }
    return present;
  }
}
