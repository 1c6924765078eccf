package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.OptimisticLockException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.test.PostgresServer;
import dev.flujo.tests.version.Counter;
import dev.flujo.tests.version.CounterDao;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lost update impossible: several child JVMs with several threads each increment a few hot {@code
 * @Version} rows by read-modify-write through the generated {@code update}, for a fixed time, on
 * one SQLite file and on one PostgreSQL database. Afterwards each row's value equals the updates
 * callers saw succeed (and its version that count plus one), every refused attempt was an {@link
 * OptimisticLockException} reporting a newer stored version, and no other exception reached a
 * caller. A write that overwrote a newer row silently would leave a value below the count.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Isolated("child JVMs contend for the same rows")
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class LostUpdateTest {
  static final int ROWS = 3;

  @Parameter String dialect;
  @TempDir Path dir;

  private String url;

  @BeforeEach
  void location() {
    url =
        dialect.equals("postgresql")
            ? PostgresServer.get().newDatabase()
            : "jdbc:sqlite:" + dir.resolve("hot.db");
  }

  @AfterEach
  void drop() {
    if (dialect.equals("postgresql")) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  @Test
  void concurrentReadModifyWriteAcrossProcessesLosesNoUpdate() throws Exception {
    int processes = Settings.choose("lostupdate.processes", 2, 4);
    int threads = Settings.choose("lostupdate.threads", 4, 8);
    int seconds = Settings.choose("lostupdate.seconds", 3, 60);
    PostgresServer server = dialect.equals("postgresql") ? PostgresServer.get() : null;
    String user = server == null || server.user() == null ? "-" : server.user();
    String password = server == null || server.password() == null ? "-" : server.password();
    try (StateDatabase db = open(url, 2, user, password)) {
      CounterDao counters = new CounterDao(db);
      for (int r = 0; r < ROWS; r++) {
        counters.insert(new Counter("hot-" + r, 0, null, Instant.EPOCH, 0));
      }
    }

    List<ChildJvm> children =
        ChildJvm.runInStep(
            processes,
            c ->
                ChildJvm.start(
                    Child.class,
                    dir.resolve("child-" + c + ".log"),
                    List.of("-Xmx128m", "-XX:+UseSerialGC"),
                    url,
                    user,
                    password,
                    Integer.toString(threads),
                    Integer.toString(seconds),
                    Long.toString(Settings.seed() + c)),
            Duration.ofSeconds(seconds + 120L));

    long[] successes = new long[ROWS];
    long stale = 0;
    List<String> errors = new ArrayList<>();
    for (ChildJvm child : children) {
      for (String line : child.lines()) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
          case "SUCCESS" -> successes[Integer.parseInt(parts[1])] += Long.parseLong(parts[2]);
          case "STALE" -> stale += Long.parseLong(parts[1]);
          case "ERROR" -> errors.add(line);
          default -> {}
        }
      }
    }
    assertWithMessage("exceptions other than a genuine OptimisticLockException").that(errors).isEmpty();

    long total = 0;
    try (StateDatabase db = open(url, 2, user, password)) {
      CounterDao counters = new CounterDao(db);
      for (int r = 0; r < ROWS; r++) {
        Counter row = counters.findById("hot-" + r).orElseThrow();
        assertWithMessage("value of hot-%s against the updates callers saw succeed", r)
            .that(row.value())
            .isEqualTo(successes[r]);
        assertWithMessage("version of hot-%s", r).that(row.version()).isEqualTo(successes[r] + 1);
        total += successes[r];
      }
    }
    assertWithMessage("successful updates").that(total).isGreaterThan(0L);
    assertWithMessage("refused stale updates (the rows were contended)").that(stale).isGreaterThan(0L);

    Figures.of("lost-update-" + dialect)
        .put("processes", processes)
        .put("threadsEach", threads)
        .put("rows", ROWS)
        .put("seconds", seconds)
        .put("successfulUpdates", total)
        .put("staleRefused", stale)
        .put("updatesPerSecond", total / seconds)
        .record();
  }

  static StateDatabase open(String url, int poolSize, String user, String password) {
    StateDatabase.Builder b =
        StateDatabase.builder().url(url).poolSize(poolSize).tables(CounterDao.TABLE);
    if (!"-".equals(user)) {
      b.credentials(user, "-".equals(password) ? null : password);
    }
    return b.open();
  }

  /**
   * One contending process. Arguments: url, user, password ({@code -} for none), threads, seconds,
   * seed. Prints {@code READY}, waits for {@code GO}, then {@code SUCCESS <row> <n>} per row,
   * {@code STALE <n>} and an {@code ERROR} line per unexpected outcome.
   */
  public static final class Child {
    private Child() {}

    /** Runs the workers for the given time and reports. */
    public static void main(String[] args) {
      ChildOutput.guarded(() -> run(args));
      System.exit(0);
    }

    private static void run(String[] args) {
      int threads = Integer.parseInt(args[3]);
      long seconds = Long.parseLong(args[4]);
      long seed = Long.parseLong(args[5]);
      AtomicLongArray successes = new AtomicLongArray(ROWS);
      LongAdder stale = new LongAdder();
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      try (StateDatabase db = open(args[0], threads, args[1], args[2])) {
        CounterDao counters = new CounterDao(db);
        ChildOutput.readyThenAwaitGo();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Random random = new Random(seed * 31 + t);
          Thread worker =
              new Thread(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      int r = random.nextInt(ROWS);
                      try {
                        Counter read = counters.findById("hot-" + r).orElseThrow();
                        try {
                          long next = counters.update(read.withValue(read.value() + 1));
                          if (next != read.version() + 1) {
                            errors.add("update returned " + next + " after reading " + read.version());
                          }
                          successes.incrementAndGet(r);
                        } catch (OptimisticLockException e) {
                          if (e.storedVersion().isEmpty()
                              || e.storedVersion().getAsLong() <= read.version()
                              || e.expectedVersion() != read.version()) {
                            errors.add("refused without a newer version: " + e.getMessage());
                          }
                          stale.increment();
                        }
                      } catch (StateException e) {
                        errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                      }
                    }
                  },
                  "worker-" + t);
          workers.add(worker);
          worker.start();
        }
        for (Thread worker : workers) {
          try {
            worker.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      for (int r = 0; r < ROWS; r++) {
        ChildOutput.line("SUCCESS " + r + " " + successes.get(r));
      }
      ChildOutput.line("STALE " + stale.sum());
      for (String error : errors) {
        ChildOutput.line("ERROR " + error.replace('\n', ' '));
      }
    }
  }
}
