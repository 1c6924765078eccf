package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/**
 * Suite 2's workload, the same on SQLite ({@link MultiProcessContentionTest}) and PostgreSQL
 * ({@link PgContentionTest}): in each child JVM, {@link #THREADS} threads upsert their own keys,
 * read their own back and everybody's, increment one shared counter in read-modify-write
 * transactions and run read transactions, for a fixed time.
 */
final class ContentionWorkload {
  static final int THREADS = 8;
  static final int KEYS_PER_THREAD = 32;
  static final String COUNTER = "counter";

  private ContentionWorkload() {}

  /**
   * One child's part, on {@code db}: prints {@code READY}, waits for {@code GO}, runs the threads
   * for {@code seconds}, then prints {@code FINAL <id> <seq>} per key it wrote, {@code
   * INCREMENTS}, {@code OPERATIONS}, {@code RETRIES}, {@code TRANSIENT} and an {@code ERROR} line
   * per exception a caller saw. {@code children} is how many children run it (for reading their
   * keys).
   */
  static void runChild(StateDatabase db, int index, int children, long seconds, long seed) {
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    LongAdder increments = new LongAdder();
    LongAdder operations = new LongAdder();
    List<Map<String, Long>> lastWrites = new ArrayList<>();
    MarkerDao markers = new MarkerDao(db);
    AccountDao accounts = new AccountDao(db);
    ChildOutput.readyThenAwaitGo();
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
                        errors.add("read " + id + " as " + found + " after writing " + expected);
                      }
                    } else if (r < 75) {
                      String id =
                          "c"
                              + random.nextInt(children)
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
                              markers.count() + accounts.findById(COUNTER).orElseThrow().balance());
                    }
                    operations.increment();
                  } catch (StateException e) {
                    errors.add(
                        e.getClass().getSimpleName()
                            + " rc="
                            + e.resultCode()
                            + " sqlstate="
                            + e.sqlState()
                            + ": "
                            + e.getMessage());
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
    Metrics metrics = db.metrics();
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

  /** What the children reported, summed. */
  record Tally(
      Map<String, Long> finalWrites,
      List<String> errors,
      long increments,
      long operations,
      long retries,
      long transientFailures) {

    /** Sums the report lines of {@code children}. */
    static Tally of(List<ChildJvm> children) {
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
      return new Tally(finalWrites, errors, increments, operations, retries, transientFailures);
    }

    /**
     * Asserts, over {@code connection}, that every key holds its writer's last value and the
     * counter equals the increments callers saw succeed, and that the children did some work.
     */
    void assertStored(Connection connection) throws SQLException {
      Map<String, Long> stored = new HashMap<>();
      long counter;
      try (Statement s = connection.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT id, seq FROM rel_marker")) {
          while (rs.next()) {
            stored.put(rs.getString(1), rs.getLong(2));
          }
        }
        try (ResultSet rs =
            s.executeQuery("SELECT balance FROM rel_account WHERE id = 'counter'")) {
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
    }

    /** Records the run's figures under {@code name}. */
    void record(String name, int processes, int seconds) {
      Figures.of(name)
          .put("processes", processes)
          .put("threadsEach", THREADS)
          .put("seconds", seconds)
          .put("operations", operations)
          .put("opsPerSecond", operations / seconds)
          .put("counterIncrements", increments)
          .put("rowsChecked", finalWrites.size() + 1)
          .put("retries", retries)
          .put("transientFailures", transientFailures)
          .record();
    }
  }
}
