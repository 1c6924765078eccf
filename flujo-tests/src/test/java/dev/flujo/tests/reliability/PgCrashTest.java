package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 1 on PostgreSQL: a client JVM commits transfers (a header, its legs and two account
 * rewrites in one transaction) and marker upserts (single and batched) on a server, printing each
 * commit's id once the call returned; the test kills it with SIGKILL at a random moment and checks
 * with plain JDBC that every acknowledged commit is on the server and no transaction is half
 * applied. The same database lives through every kill.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class PgCrashTest {
  private static final Duration CHILD_READY = Duration.ofSeconds(60);
  private static final int MAX_KILL_DELAY_MILLIS = 800;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedCommitSurvivesSigkillOfTheClientAndNoTransactionIsHalfApplied()
      throws Exception {
    int kills = Settings.choose("pg.crash.kills", 8, 200);
    long seed = Settings.seed();
    Random random = new Random(seed);
    PgTarget target = PgTarget.fresh();
    try (StateDatabase db = target.open(2, null)) {
      new Ledger(db).seedAccounts();
    }

    Set<Long> acknowledgedTransfers = new HashSet<>();
    Map<String, Long> acknowledgedMarkers = new HashMap<>();
    long markerUpserts = 0;
    long checked = 0;
    long started = System.nanoTime();
    LedgerCheck.Result last = null;
    for (int k = 1; k <= kills; k++) {
      String context = "kill " + k + " of " + kills + ", seed " + seed;
      long base = k * 1_000_000_000L;
      List<String> args = new ArrayList<>(target.args());
      args.add(Long.toString(base));
      args.add(Long.toString(random.nextLong()));
      List<String> lines;
      try (ChildJvm child =
          ChildJvm.start(
              Child.class,
              dir.resolve("child-" + k + ".log"),
              ChildJvm.SMALL,
              args.toArray(new String[0]))) {
        assertWithMessage("child never became ready (%s); its log:\n%s", context, child.logTail())
            .that(child.awaitLine("READY"::equals, CHILD_READY))
            .isTrue();
        Thread.sleep(100 + random.nextInt(MAX_KILL_DELAY_MILLIS));
        child.kill();
        lines = child.lines();
        for (String line : lines) {
          assertWithMessage("child reported a failure (%s); its log:\n%s", context, child.logTail())
              .that(line)
              .doesNotMatch("ERROR.*");
        }
      }
      for (String line : lines) {
        String[] parts = line.split(" ");
        if (parts[0].equals("T")) {
          acknowledgedTransfers.add(Long.parseLong(parts[1]));
        } else if (parts[0].equals("M")) {
          markerUpserts++;
          acknowledgedMarkers.merge(parts[1], Long.parseLong(parts[2]), Math::max);
        }
      }
      try (Connection c = target.connect()) {
        last =
            LedgerCheck.verify(
                c, target.url(), acknowledgedTransfers, acknowledgedMarkers, context);
      }
      checked += last.acknowledgedChecked();
    }
    Figures.of("postgres crash")
        .put("kills", kills)
        .put("transfersAcknowledged", acknowledgedTransfers.size())
        .put("markerUpsertsAcknowledged", markerUpserts)
        .put("acknowledgedCommitChecks", checked)
        .put("transfersInDatabase", last.transfers())
        .put("legsInDatabase", last.legs())
        .put("seconds", (System.nanoTime() - started) / 1_000_000_000L)
        .put("seed", seed)
        .record();
    assertWithMessage("the children acknowledged no transfer at all; the kills tested nothing")
        .that(acknowledgedTransfers)
        .isNotEmpty();
    target.drop();
  }

  /**
   * The victim: commits transfers on one thread, marker upserts on another, checks the balance sum
   * on a third, and prints {@code T <txn>} / {@code M <id> <seq>} after each commit returned, until
   * it is killed. Arguments: url, user, password, first id, seed.
   */
  public static final class Child {
    private Child() {}

    /** Runs until killed. */
    public static void main(String[] args) {
      try {
        CrashWorkload.run(
            PgTarget.fromArgs(args, 0).open(3, null),
            Long.parseLong(args[3]),
            new Random(Long.parseLong(args[4])));
      } catch (Throwable t) {
        ChildOutput.fail(t);
      }
    }
  }
}
