package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.SynchronousMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Suite 1, crash: a child JVM commits transfers (one transaction of several DAO writes each) and
 * single-row upserts, printing each commit's id once the call has returned; the test kills it with
 * SIGKILL at a random moment, reopens the file and checks that every acknowledged commit is there,
 * that no transaction is half applied and that {@code PRAGMA integrity_check} says {@code ok}. The
 * same file lives through every kill, so each run also recovers what the previous kill left.
 *
 * <p>The two modes run side by side, each on its own file, when JUnit's parallel execution is on
 * (the {@code reliability} profile turns it on; the CI form runs them one after the other).
 *
 * <p>{@code synchronous=NORMAL} loses nothing here: a WAL commit is in the operating system's page
 * cache when it returns, and a killed process does not take the page cache with it (power loss
 * would). {@code FULL} is checked the same way.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class CrashRecoveryTest {
  private static final Duration CHILD_READY = Duration.ofSeconds(60);
  private static final int MAX_KILL_DELAY_MILLIS = 500;

  @TempDir Path dir;

  @ParameterizedTest(name = "synchronous={0}")
  @EnumSource(SynchronousMode.class)
  @Execution(ExecutionMode.CONCURRENT)
  void everyAcknowledgedCommitSurvivesSigkillAndNoTransactionIsHalfApplied(SynchronousMode mode)
      throws Exception {
    int kills = Settings.choose("crash.kills", 20, 500);
    long seed = Settings.seed();
    Random random = new Random(seed);
    Path file = dir.resolve("crash-" + mode + ".db");
    try (StateDatabase db = open(file, mode)) {
      new Ledger(db).seedAccounts();
    }

    Set<Long> acknowledgedTransfers = new HashSet<>();
    Map<String, Long> acknowledgedMarkers = new HashMap<>();
    long markerUpserts = 0;
    long checked = 0;
    int killedDuringStartup = 0;
    long started = System.nanoTime();
    LedgerCheck.Result last = null;
    for (int k = 1; k <= kills; k++) {
      String context = "kill " + k + " of " + kills + ", synchronous=" + mode + ", seed " + seed;
      long base = k * 1_000_000_000L;
      Path log = dir.resolve("child-" + mode + "-" + k + ".log");
      List<String> lines;
      try (ChildJvm child =
          ChildJvm.start(
              Child.class,
              log,
              ChildJvm.SMALL,
              file.toString(),
              mode.name(),
              Long.toString(base),
              Long.toString(random.nextLong()))) {
        if (random.nextInt(10) == 0) {
          killedDuringStartup++;
          Thread.sleep(random.nextInt(600));
        } else {
          boolean ready = child.awaitLine("READY"::equals, CHILD_READY);
          assertWithMessage("child never became ready (%s); its log:\n%s", context, child.logTail())
              .that(ready)
              .isTrue();
          Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
        }
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
      try (StateDatabase db = open(file, mode)) {
        assertWithMessage("sum of balances read through Flujo after %s", context)
            .that(new Ledger(db).totalBalance())
            .isEqualTo(Ledger.TOTAL);
      }
      last = LedgerCheck.verify(file, acknowledgedTransfers, acknowledgedMarkers, context);
      checked += last.acknowledgedChecked();
    }
    Figures.of("crash synchronous=" + mode)
        .put("kills", kills)
        .put("killedDuringStartup", killedDuringStartup)
        .put("transfersAcknowledged", acknowledgedTransfers.size())
        .put("markerUpsertsAcknowledged", markerUpserts)
        .put("acknowledgedCommitChecks", checked)
        .put("transfersInFile", last.transfers())
        .put("legsInFile", last.legs())
        .put("seconds", (System.nanoTime() - started) / 1_000_000_000L)
        .put("seed", seed)
        .record();
    assertWithMessage("the children acknowledged no transfer at all; the kills tested nothing")
        .that(acknowledgedTransfers)
        .isNotEmpty();
  }

  /** Opens the ledger; a corrupt file fails instead of being moved aside, so nothing is hidden. */
  static StateDatabase open(Path file, SynchronousMode mode) {
    return StateDatabase.builder()
        .file(file)
        .tables(Ledger.TABLES)
        .synchronous(mode)
        .corruptionPolicy(CorruptionPolicy.FAIL)
        .poolSize(3)
        .open();
  }

  /**
   * The victim: commits transfers on one thread, marker upserts (single and batched) on another,
   * checks the balance sum on a third, and prints {@code T <txn>} / {@code M <id> <seq>} after each
   * commit returned, until it is killed. Arguments: file, synchronous mode, first id, seed.
   */
  public static final class Child {
    private Child() {}

    /** Runs until killed. */
    public static void main(String[] args) {
      try {
        CrashWorkload.run(
            open(Path.of(args[0]), SynchronousMode.valueOf(args[1])),
            Long.parseLong(args[2]),
            new Random(Long.parseLong(args[3])));
      } catch (Throwable t) {
        ChildOutput.fail(t);
      }
    }
  }
}
