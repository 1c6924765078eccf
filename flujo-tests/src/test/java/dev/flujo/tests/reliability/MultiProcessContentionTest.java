package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Suite 2, multi-process contention: two child JVMs with eight threads each upsert their own keys,
 * read everybody's, and increment one shared counter in read-modify-write transactions, all on one
 * file, for a fixed time. Afterwards every key holds the last value its writer wrote, the counter
 * equals the increments the callers saw succeed (no lost update across processes), and no caller
 * saw any exception: SQLite's busy waits and Flujo's retries absorb the contention.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Isolated("its throughput is a reported figure")
class MultiProcessContentionTest {
  static final int CHILDREN = 2;

  @TempDir Path dir;

  @Test
  void twoProcessesLoseNoWriteAndNoCallerSeesBusy() throws Exception {
    int seconds = Settings.choose("contention.seconds", 5, 120);
    Path file = dir.resolve("contention.db");
    try (StateDatabase db = open(file)) {
      new AccountDao(db).upsert(new Account(ContentionWorkload.COUNTER, 0, 0));
    }

    List<ChildJvm> children =
        ChildJvm.runInStep(
            CHILDREN,
            c ->
                ChildJvm.start(
                    Child.class,
                    dir.resolve("child-" + c + ".log"),
                    List.of("-Xmx256m", "-XX:+UseSerialGC"),
                    file.toString(),
                    Integer.toString(c),
                    Integer.toString(seconds),
                    Long.toString(Settings.seed() + c)),
            Duration.ofSeconds(seconds + 120L));

    ContentionWorkload.Tally tally = ContentionWorkload.Tally.of(children);
    assertWithMessage("exceptions that reached callers").that(tally.errors()).isEmpty();

    LedgerCheck.assertIntegrity(file, "after contention");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      tally.assertStored(c);
    }
    tally.record("contention", CHILDREN, seconds);
  }

  static StateDatabase open(Path file) {
    return StateDatabase.builder()
        .file(file)
        .tables(Ledger.TABLES)
        .corruptionPolicy(CorruptionPolicy.FAIL)
        .poolSize(ContentionWorkload.THREADS)
        .open();
  }

  /**
   * One contending process ({@link ContentionWorkload#runChild}). Arguments: file, child index,
   * seconds, seed.
   */
  public static final class Child {
    private Child() {}

    /** Runs the workers for the given time and reports. */
    public static void main(String[] args) {
      ChildOutput.guarded(() -> run(args));
      System.exit(0);
    }

    private static void run(String[] args) {
      try (StateDatabase db = open(Path.of(args[0]))) {
        ContentionWorkload.runChild(
            db,
            Integer.parseInt(args[1]),
            CHILDREN,
            Long.parseLong(args[2]),
            Long.parseLong(args[3]));
      }
    }
  }
}
