package dev.flujo.tests.reliability;

import dev.flujo.runtime.StateDatabase;
import java.util.List;
import java.util.Random;

/**
 * What a child of the crash suites does until it is killed, the same on SQLite ({@link
 * CrashRecoveryTest}) and PostgreSQL ({@link PgCrashTest}): prints {@code READY}, then transfers
 * in a loop ({@code T <txn>} after each commit), while one thread upserts markers ({@code M <id>
 * <seq>} after each, singly and in batches of four) and another checks that the balances always
 * sum to {@link Ledger#TOTAL}.
 */
final class CrashWorkload {
  private CrashWorkload() {}

  /** Runs on {@code db} until the process is killed; numbers start at {@code base}. */
  static void run(StateDatabase db, long base, Random random) {
    Ledger ledger = new Ledger(db);
    ChildOutput.line("READY");
    Thread markers =
        new Thread(() -> ChildOutput.guarded(() -> writeMarkers(ledger, base)), "markers");
    Thread reader = new Thread(() -> ChildOutput.guarded(() -> checkBalances(ledger)), "reader");
    markers.start();
    reader.start();
    for (long txn = base; ; txn++) {
      ledger.transfer(Ledger.Plan.random(txn, random, 6, 600));
      ChildOutput.line("T " + txn);
    }
  }

  private static void writeMarkers(Ledger ledger, long base) {
    String payload = "m".repeat(200);
    for (long i = 0; ; i++) {
      long seq = base + i;
      if (i % 8 == 7) {
        List<Marker> batch =
            List.of(
                new Marker("batch-0", seq, payload),
                new Marker("batch-1", seq, payload),
                new Marker("batch-2", seq, payload),
                new Marker("batch-3", seq, payload));
        ledger.markers.upsertAll(batch);
        for (Marker m : batch) {
          ChildOutput.line("M " + m.id() + " " + seq);
        }
      } else {
        String id = "single-" + (i % 64);
        ledger.markers.upsert(new Marker(id, seq, payload));
        ChildOutput.line("M " + id + " " + seq);
      }
    }
  }

  private static void checkBalances(Ledger ledger) {
    while (true) {
      long total = ledger.totalBalance();
      if (total != Ledger.TOTAL) {
        throw new IllegalStateException("read a balance sum of " + total + ", not " + Ledger.TOTAL);
      }
    }
  }
}
