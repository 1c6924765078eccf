package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Suite 4 on PostgreSQL: many threads move money between three hot accounts in serializable
 * read-modify-write transactions, so most attempts collide and the server aborts them with
 * serialization failures (40001). Under a patient retry policy every
 * transfer commits, none twice, none half, and the balances add up.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Isolated("its retry counts are a reported figure")
class PgSerializationStormTest {
  static final int THREADS = 16;
  static final int HOT_ACCOUNTS = 3;
  static final RetryPolicy PATIENT = new RetryPolicy(500, 1, 1.5, 50, 1.0);

  @Test
  void serializationFailureStormIsRetriedUntilEveryTransferCommitsOnce() throws Exception {
    int perThread = Settings.choose("pg.storm.transfers", 40, 2000);
    PgTarget target = PgTarget.fresh();
    Set<Long> committed = ConcurrentHashMap.newKeySet();
    Metrics metrics;
    long started;
    long millis;
    try (StateDatabase db = target.open(THREADS, PATIENT)) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long base = (t + 1) * 1_000_000L;
        Random random = new Random(Settings.seed() + t);
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    int from = random.nextInt(HOT_ACCOUNTS);
                    int to = (from + 1 + random.nextInt(HOT_ACCOUNTS - 1)) % HOT_ACCOUNTS;
                    long txn = base + i;
                    transfer(
                        db,
                        ledger,
                        txn,
                        Ledger.account(from),
                        Ledger.account(to),
                        1 + random.nextInt(100));
                    committed.add(txn);
                  }
                  return null;
                }));
      }
      started = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
      millis = (System.nanoTime() - started) / 1_000_000;
      pool.shutdown();
      metrics = db.metrics();
      assertWithMessage("sum of balances read through Flujo")
          .that(ledger.totalBalance())
          .isEqualTo(Ledger.TOTAL);
    }
    int transfers = THREADS * perThread;
    assertWithMessage("transfers whose call returned").that(committed).hasSize(transfers);
    try (Connection c = target.connect()) {
      LedgerCheck.Result result =
          LedgerCheck.verify(c, target.url(), committed, Map.of(), "after the storm");
      assertWithMessage("transfers in the database, each once")
          .that(result.transfers())
          .isEqualTo(transfers);
      assertWithMessage("legs in the database").that(result.legs()).isEqualTo(2L * transfers);
    }
    assertWithMessage("serialization failures the storm caused (retried)")
        .that(metrics.retries())
        .isGreaterThan(0L);
    assertWithMessage("transfers that gave up").that(metrics.retriesExhausted()).isEqualTo(0L);
    Figures.of("postgres serialization storm")
        .put("threads", THREADS)
        .put("hotRows", HOT_ACCOUNTS)
        .put("transfers", transfers)
        .put("retries", metrics.retries())
        .put("transientFailures", metrics.transientFailures())
        .put("retriesPerTransfer", String.format("%.2f", metrics.retries() / (double) transfers))
        .put("transfersPerSecond", transfers * 1000L / Math.max(1, millis))
        .put("millis", millis)
        .record();
    target.drop();
  }

  /**
   * A transfer that rewrites its two accounts in key order, so that two transfers never wait for
   * each other in a cycle: collisions end in serialization failures, not in deadlocks the server
   * detects only after {@code deadlock_timeout} (1 s). (Transfers in random order, as {@link
   * Ledger#transfer} writes them, deadlock so often on three rows that the storm crawls.)
   */
  private static void transfer(
      StateDatabase db, Ledger ledger, long txn, String from, String to, long amount) {
    db.inTransaction(
        () -> {
          Account a = ledger.accounts.findById(from).orElseThrow();
          Account b = ledger.accounts.findById(to).orElseThrow();
          Account debited = new Account(a.id(), a.balance() - amount, txn);
          Account credited = new Account(b.id(), b.balance() + amount, txn);
          boolean fromFirst = from.compareTo(to) < 0;
          ledger.accounts.upsert(fromFirst ? debited : credited);
          ledger.accounts.upsert(fromFirst ? credited : debited);
          ledger.transfers.insert(new Transfer(txn, from, to, amount, 2));
          ledger.legs.insert(new TransferLeg(txn, 0, from, -amount, ""));
          ledger.legs.insert(new TransferLeg(txn, 1, to, amount, ""));
        });
  }
}
