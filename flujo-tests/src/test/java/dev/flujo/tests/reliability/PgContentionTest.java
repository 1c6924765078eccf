package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
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
  static final int THREADS = 8;
  static final int KEYS_PER_THREAD = 32;
  static final String COUNTER = "counter";

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
      new AccountDao(db).upsert(new Account(COUNTER, 0, 0));
    }

    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int c = 0; c < CHILDREN; c++) {
        List<String> args = new ArrayList<>(target.args());
        args.add(Integer.toString(c));
        args.add(Integer.toString(seconds));
        args.add(Long.toString(Settings.seed() + c));
        children.add(
            ChildJvm.start(
                Child.class,
                dir.resolve("child-" + c + ".log"),
                List.of("-Xmx256m", "-XX:+UseSerialGC"),
                args.toArray(new String[0])));
      }
      for (ChildJvm child : children) {
        assertWithMessage("child never became ready; its log:\n%s", child.logTail())
            .that(child.awaitLine("READY"::equals, Duration.ofSeconds(60)))
            .isTrue();
      }
      for (ChildJvm child : children) {
        child.send("GO");
      }
      for (ChildJvm child : children) {
        int exit = child.awaitExit(Duration.ofSeconds(seconds + 120L));
        assertWithMessage(
                "child exit code; its output %s\nand log:\n%s", child.lines(), child.logTail())
            .that(exit)
            .isEqualTo(0);
      }
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }

    Map<String, Long> finalWrites = new HashMap<>();
    List<String> errors = new ArrayList<>();
    long increments = 0;
    long operations = 0;
    long retries = 0;
    long transientFailures = 0;
    for (ChildJvm child : children) {
      for (String line : child.lines()) {
        String[] parts = line.split(" ", 2);
        switch (parts[0]) {
          case "FINAL" -> {
            String[] kv = parts[1].split(" ");
            finalWrites.put(kv[0], Long.parseLong(kv[1]));
          }
          case "INCREMENTS" -> increments += Long.parseLong(parts[1]);
          case "OPERATIONS" -> operations += Long.parseLong(parts[1]);
          case "RETRIES" -> retries += Long.parseLong(parts[1]);
          case "TRANSIENT" -> transientFailures += Long.parseLong(parts[1]);
          case "ERROR" -> errors.add(parts[1]);
          default -> {}
        }
      }
    }
    assertWithMessage("exceptions that reached callers").that(errors).isEmpty();

    Map<String, Long> stored = new HashMap<>();
    long counter;
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, seq FROM rel_marker")) {
        while (rs.next()) {
          stored.put(rs.getString(1), rs.getLong(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT balance FROM rel_account WHERE id = 'counter'")) {
        rs.next();
        counter = rs.getLong(1);
      }
    }
    assertWithMessage("every written key with its writer's last value")
        .that(stored)
        .containsExactlyEntriesIn(finalWrites);
    assertWithMessage("shared counter against the increments callers saw succeed")
        .that(counter)
        .isEqualTo(increments);
    assertWithMessage("operations the children completed").that(operations).isGreaterThan(0L);

    Figures.of("postgres contention")
        .put("processes", CHILDREN)
        .put("threadsEach", THREADS)
        .put("seconds", seconds)
        .put("operations", operations)
        .put("opsPerSecond", operations / seconds)
        .put("counterIncrements", increments)
        .put("rowsChecked", finalWrites.size() + 1)
        .put("retries", retries)
        .put("transientFailures", transientFailures)
        .record();
    target.drop();
  }

  /**
   * One contending process. Arguments: url, user, password, child index, seconds, seed. Prints
   * {@code READY}, waits for {@code GO} on stdin, runs {@link #THREADS} workers, then prints {@code
   * FINAL <id> <seq>} per key it wrote, {@code INCREMENTS}, {@code OPERATIONS}, {@code RETRIES},
   * {@code TRANSIENT} and an {@code ERROR} line per exception a caller saw.
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
      int index = Integer.parseInt(args[3]);
      long seconds = Long.parseLong(args[4]);
      long seed = Long.parseLong(args[5]);
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      LongAdder increments = new LongAdder();
      LongAdder operations = new LongAdder();
      List<Map<String, Long>> lastWrites = new ArrayList<>();
      Metrics metrics;
      try (StateDatabase db = target.open(THREADS, HOT_ROW)) {
        MarkerDao markers = new MarkerDao(db);
        AccountDao accounts = new AccountDao(db);
        ChildOutput.line("READY");
        awaitGo();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Map<String, Long> mine = new HashMap<>();
          lastWrites.add(mine);
          Random random = new Random(seed * 31 + t);
          String prefix = "c" + index + "-t" + t + "-k";
          Thread worker =
              new Thread(
                  () -> {
                    long seq = 0;
                    while (System.nanoTime() < deadline) {
                      try {
                        int r = random.nextInt(100);
                        if (r < 45) {
                          String id = prefix + random.nextInt(KEYS_PER_THREAD);
                          seq++;
                          markers.upsert(new Marker(id, seq, id + "@" + seq));
                          mine.put(id, seq);
                        } else if (r < 60) {
                          String id = prefix + random.nextInt(KEYS_PER_THREAD);
                          Optional<Marker> read = markers.findById(id);
                          Long expected = mine.get(id);
                          long found = read.map(Marker::seq).orElse(-1L);
                          if (expected != null && found != expected) {
                            errors.add(
                                "read " + id + " as " + found + " after writing " + expected);
                          }
                        } else if (r < 75) {
                          String id =
                              "c"
                                  + random.nextInt(CHILDREN)
                                  + "-t"
                                  + random.nextInt(THREADS)
                                  + "-k"
                                  + random.nextInt(KEYS_PER_THREAD);
                          markers.findById(id);
                        } else if (r < 92) {
                          db.inTransaction(
                              () -> {
                                Account counter = accounts.findById(COUNTER).orElseThrow();
                                accounts.upsert(
                                    new Account(COUNTER, counter.balance() + 1, counter.lastTxn()));
                              });
                          increments.increment();
                        } else {
                          db.readTransaction(
                              () ->
                                  markers.count()
                                      + accounts.findById(COUNTER).orElseThrow().balance());
                        }
                        operations.increment();
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
        metrics = db.metrics();
      }
      for (Map<String, Long> mine : lastWrites) {
        for (Map.Entry<String, Long> e : mine.entrySet()) {
          ChildOutput.line("FINAL " + e.getKey() + " " + e.getValue());
        }
      }
      ChildOutput.line("INCREMENTS " + increments.sum());
      ChildOutput.line("OPERATIONS " + operations.sum());
      ChildOutput.line("RETRIES " + metrics.retries());
      ChildOutput.line("TRANSIENT " + metrics.transientFailures());
      for (String error : errors) {
        ChildOutput.line("ERROR " + error.replace('\n', ' '));
      }
    }

    private static void awaitGo() {
      try {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (!"GO".equals(line)) {
          throw new IllegalStateException("expected GO on stdin, read " + line);
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
