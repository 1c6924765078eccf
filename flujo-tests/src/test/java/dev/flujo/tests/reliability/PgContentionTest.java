package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Suite 2 on PostgreSQL: four client JVMs with eight threads each upsert their own keys, read
 * everybody's, and increment one shared counter in read-modify-write transactions at the default
 * (serializable) isolation, all on one database, for a fixed time. Afterwards every key holds the
 * last value its writer wrote, the counter equals the increments the callers saw succeed (no lost
 * update across processes), and no caller saw any exception: the serialization failures the
 * server reports are retried by Flujo, under {@link #HOT_ROW}.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Isolated("its throughput is a reported figure")
class PgContentionTest {
  static final int CHILDREN = 4;

  /**
   * More patient than {@link RetryPolicy#DEFAULT}: on one hot row, 32 serializable writers abort
   * each other (40001) often enough that five attempts are not always enough.
   */
  static final RetryPolicy HOT_ROW = new RetryPolicy(100, 2, 1.5, 100, 1.0);

  @TempDir Path dir;

  @Test
  void fourProcessesLoseNoUpdateAndNoCallerSeesAnError() throws Exception {
    int seconds = Settings.choose("pg.contention.seconds", 5, 120);
    PgTarget target = PgTarget.fresh();
    try (StateDatabase db = target.open(2, null)) {
      new AccountDao(db).upsert(new Account(ContentionWorkload.COUNTER, 0, 0));
    }

    List<ChildJvm> children =
        ChildJvm.runInStep(
            CHILDREN,
            c -> {
              List<String> args = new ArrayList<>(target.args());
              args.add(Integer.toString(c));
              args.add(Integer.toString(seconds));
              args.add(Long.toString(Settings.seed() + c));
              return ChildJvm.start(
                  Child.class,
                  dir.resolve("child-" + c + ".log"),
                  List.of("-Xmx256m", "-XX:+UseSerialGC"),
                  args.toArray(new String[0]));
            },
            Duration.ofSeconds(seconds + 120L));

    ContentionWorkload.Tally tally = ContentionWorkload.Tally.of(children);
    assertWithMessage("exceptions that reached callers").that(tally.errors()).isEmpty();

    try (Connection c = target.connect()) {
      tally.assertStored(c);
    }
    tally.record("postgres contention", CHILDREN, seconds);
    target.drop();
  }

  /**
   * One contending process ({@link ContentionWorkload#runChild}). Arguments: url, user, password,
   * child index, seconds, seed.
   */
  public static final class Child {
    private Child() {}

    /** Runs the workers for the given time and reports. */
    public static void main(String[] args) {
      ChildOutput.guarded(() -> run(args));
      System.exit(0);
    }

    private static void run(String[] args) {
      PgTarget target = PgTarget.fromArgs(args, 0);
      try (StateDatabase db = target.open(ContentionWorkload.THREADS, HOT_ROW)) {
        ContentionWorkload.runChild(
            db,
            Integer.parseInt(args[3]),
            CHILDREN,
            Long.parseLong(args[4]),
            Long.parseLong(args[5]));
      }
    }
  }
}
