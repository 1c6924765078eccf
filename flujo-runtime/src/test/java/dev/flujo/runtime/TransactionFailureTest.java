package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.SqlStatement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Failure paths of transactions and retries on a real file, through the runtime's public API and
 * hand-written statements of the kind generated DAOs declare.
 */
class TransactionFailureTest {
  /** One thread per task: a blocked task never delays another, whatever the core count. */
  private static final Executor THREADS = task -> new Thread(task).start();

  private static final SqlStatement CREATE =
      SqlStatement.write(
          null,
          "create",
          "CREATE TABLE IF NOT EXISTS item(k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
          null);
  private static final SqlStatement INSERT =
      SqlStatement.write("item", "ItemDao.insert", "INSERT INTO item VALUES (?, ?)", null);
  private static final SqlStatement INSERT_BIG =
      SqlStatement.write(
          "item",
          "ItemDao.insertBig",
          "INSERT INTO item VALUES (?, hex(randomblob(200000)))",
          null);
  private static final SqlStatement COUNT =
      SqlStatement.read("item", "ItemDao.count", "SELECT count(*) FROM item", null);
  private static final SqlStatement FIND_ALL =
      SqlStatement.read("item", "ItemDao.findAll", "SELECT k FROM item ORDER BY k", null);
  private static final SqlStatement SNEAKY_WRITE =
      SqlStatement.read("item", "ItemDao.sneaky", "INSERT INTO item VALUES (99, 'x')", null);
  private static final SqlStatement PEEK = SqlStatement.read(null, "peek", "SELECT 1", null);
  private static final SqlStatement LIMIT_PAGES =
      SqlStatement.read(null, "limit", "PRAGMA max_page_count = 1", null);
  private static final SqlStatement UNLIMIT_PAGES =
      SqlStatement.read(null, "unlimit", "PRAGMA max_page_count = 1073741823", null);

  @TempDir Path dir;

  private final List<StateDatabase> opened = new ArrayList<>();
  private final List<Long> sleeps = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(StateDatabase::close);
    Thread.interrupted();
  }

  private StateDatabase.Builder builder() {
    return StateDatabase.builder().file(dir.resolve("items.db"));
  }

  private StateDatabase open(StateDatabase.Builder builder) {
    StateDatabase db = builder.open();
    opened.add(db);
    Session.of(db).execute(CREATE, statement -> statement.execute());
    return db;
  }

  private static void insert(StateDatabase db, int k) {
    Session.of(db).execute(
        INSERT,
        statement -> {
          statement.setInt(1, k);
          statement.setString(2, "v" + k);
          return statement.executeUpdate();
        });
  }

  private static long count(StateDatabase db) {
    return Session.of(db).execute(
        COUNT,
        statement -> {
          try (ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
          }
        });
  }

  /** The physical connection the next statement runs on (the transaction's, inside one). */
  private static Connection physical(StateDatabase db) {
    return Session.of(db).execute(PEEK, statement -> statement.getConnection());
  }

  private Connection external() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(0);
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dir.resolve("items.db"), config.toProperties());
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void rollbackFailureIsSuppressedInTheOriginalExceptionAndTheConnectionIsNeverReused() {
    StateDatabase db = open(builder().poolSize(1));
    insert(db, 1);
    IllegalArgumentException original = new IllegalArgumentException("body failed");
    Connection[] dead = new Connection[1];

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                db.inTransaction(
                    () -> {
                      insert(db, 2);
                      dead[0] = physical(db);
                      try {
                        dead[0].close();
                      } catch (SQLException e) {
                        throw new AssertionError(e);
                      }
                      throw original;
                    }));

    assertThat(thrown).isSameInstanceAs(original);
    assertThat(thrown.getSuppressed()).hasLength(1);
    assertThat(thrown.getSuppressed()[0]).isInstanceOf(SQLException.class);
    for (int i = 0; i < 5; i++) {
      assertThat(physical(db)).isNotSameInstanceAs(dead[0]);
    }
    insert(db, 3);
    assertThat(count(db)).isEqualTo(2);
  }

  @Test
  void commitThatFailsWithAnUnknownStateSurfacesAndEvictsTheConnection() {
    StateDatabase db = open(builder().poolSize(1));
    insert(db, 1);
    Connection[] dead = new Connection[1];

    StateException thrown =
        assertThrows(
            StateException.class,
            () ->
                db.inTransaction(
                    () -> {
                      insert(db, 2);
                      dead[0] = physical(db);
                      try {
                        dead[0].close();
                      } catch (SQLException e) {
                        throw new AssertionError(e);
                      }
                    }));

    assertThat(thrown).isNotInstanceOf(TransientStateException.class);
    assertThat(thrown).hasMessageThat().startsWith("commit");
    assertThat(thrown.getSuppressed()).isNotEmpty();
    assertThat(physical(db)).isNotSameInstanceAs(dead[0]);
    assertThat(count(db)).isEqualTo(1);
    assertThat(db.metrics().poolTotal()).isEqualTo(1);
  }

  @Test
  void aStatementThatFindsItsConnectionClosedEvictsIt() {
    StateDatabase db = open(builder().poolSize(1));
    Connection dead = physical(db);

    assertThrows(
        StateException.class,
        () ->
            Session.of(db).execute(
                PEEK,
                statement -> {
                  statement.getConnection().close();
                  return statement.executeQuery();
                }));

    assertThat(physical(db)).isNotSameInstanceAs(dead);
    insert(db, 1);
    assertThat(count(db)).isEqualTo(1);
  }

  @Test
  void afterAFailureThatMayEndTheTransactionNothingElseRunsAndNothingCommits() {
    StateDatabase db = open(builder().poolSize(1));
    insert(db, 1);
    List<StateException> swallowed = new ArrayList<>();

    StateException thrown =
        assertThrows(
            StateException.class,
            () ->
                db.inTransaction(
                    () -> {
                      insert(db, 2);
                      Session.of(db).execute(LIMIT_PAGES, statement -> statement.execute());
                      try {
                        Session.of(db).execute(
                            INSERT_BIG,
                            statement -> {
                              statement.setInt(1, 3);
                              return statement.executeUpdate();
                            });
                      } catch (StateException full) {
                        swallowed.add(full);
                      }
                      try {
                        insert(db, 4);
                      } catch (StateException abandoned) {
                        swallowed.add(abandoned);
                      }
                    }));

    assertThat(swallowed).hasSize(2);
    assertThat(swallowed.get(0).resultCode() & 0xff).isEqualTo(13);
    assertThat(swallowed.get(1)).hasMessageThat().contains("abandoned");
    assertThat(thrown).hasMessageThat().startsWith("commit");
    assertThat(thrown).isNotInstanceOf(TransientStateException.class);
    assertThat(thrown.resultCode() & 0xff).isEqualTo(13);
    Session.of(db).execute(UNLIMIT_PAGES, statement -> statement.execute());
    assertThat(count(db)).isEqualTo(1);
    insert(db, 5);
    assertThat(count(db)).isEqualTo(2);
  }

  @Test
  void aWriteInsideReadTransactionFailsClearlyAndTheConnectionCanWriteAfterwards() {
    StateDatabase db = open(builder().poolSize(1));
    long before = db.metrics().operations();

    IllegalStateException daoWrite =
        assertThrows(IllegalStateException.class, () -> db.readTransaction(() -> insert(db, 1)));
    StateException rawWrite =
        assertThrows(
            StateException.class,
            () -> db.readTransaction(() -> Session.of(db).execute(SNEAKY_WRITE, s -> s.executeUpdate())));

    assertThat(daoWrite)
        .hasMessageThat()
        .contains("ItemDao.insert writes and cannot run inside readTransaction");
    assertThat(rawWrite.resultCode() & 0xff).isEqualTo(8);
    assertThat(rawWrite).isNotInstanceOf(TransientStateException.class);
    // two read transactions, one statement attempted once: nothing retried
    assertThat(db.metrics().operations() - before).isEqualTo(3);
    assertThat(db.metrics().retries()).isEqualTo(0);
    insert(db, 1);
    assertThat(count(db)).isEqualTo(1);
  }

  @Test
  void readTransactionNestedInAWriteTransactionForbidsWritesUntilItEnds() {
    StateDatabase db = open(builder());

    db.inTransaction(
        () -> {
          insert(db, 1);
          assertThrows(IllegalStateException.class, () -> db.readTransaction(() -> insert(db, 2)));
          StateException raw =
              assertThrows(
                  StateException.class,
                  () -> db.readTransaction(() -> Session.of(db).execute(SNEAKY_WRITE, s -> s.executeUpdate())));
          assertThat(raw.resultCode() & 0xff).isEqualTo(8);
          assertThrows(
              IllegalStateException.class,
              () -> db.readTransaction(() -> db.inTransaction(() -> insert(db, 3))));
          assertThat(db.readTransaction(() -> count(db))).isEqualTo(1);
          insert(db, 4);
        });

    assertThat(count(db)).isEqualTo(2);
  }

  @Test
  void streamsLeftOpenAreClosedWhenTheirTransactionEnds() {
    StateDatabase db = open(builder().poolSize(1));
    insert(db, 1);
    insert(db, 2);
    List<Stream<Integer>> leaked = new ArrayList<>();

    db.inTransaction(
        () -> {
          Stream<Integer> keys = Session.of(db).stream(FIND_ALL, Binder.NONE, row -> row.getInt(1));
          leaked.add(keys);
          insert(db, 3);
        });

    assertThrows(IllegalStateException.class, () -> leaked.get(0).count());
    assertThat(count(db)).isEqualTo(3);
  }

  @Test
  void busyOutsideATransactionIsRetriedWithTheBuildersSleeperAndSucceeds() throws Exception {
    try (Connection holder = external()) {
      StateDatabase db =
          open(
              builder()
                  .busyTimeout(Duration.ZERO)
                  .retryPolicy(new RetryPolicy(5, 10, 2.0, 1000, 0.5))
                  .random(new Random(1)::nextDouble)
                  .sleeper(
                      millis -> {
                        sleeps.add(millis);
                        if (sleeps.size() == 2) {
                          try {
                            exec(holder, "ROLLBACK");
                          } catch (SQLException e) {
                            throw new AssertionError(e);
                          }
                        }
                      }));
      exec(holder, "BEGIN IMMEDIATE");
      Metrics before = db.metrics();

      insert(db, 1);

      Metrics after = db.metrics();
      assertThat(sleeps).hasSize(2);
      Random expected = new Random(1);
      RetryPolicy policy = new RetryPolicy(5, 10, 2.0, 1000, 0.5);
      assertThat(sleeps)
          .containsExactly(
              policy.delayMillis(1, expected.nextDouble()),
              policy.delayMillis(2, expected.nextDouble()))
          .inOrder();
      assertThat(after.operations() - before.operations()).isEqualTo(3);
      assertThat(after.retries() - before.retries()).isEqualTo(2);
      assertThat(after.transientFailures() - before.transientFailures()).isEqualTo(2);
      assertThat(after.retriesExhausted()).isEqualTo(0);
      assertThat(count(db)).isEqualTo(1);
    }
  }

  @Test
  void busyAtBeginOfATransactionRerunsTheBlockAndExhaustionCarriesTheWait() throws Exception {
    try (Connection holder = external()) {
      StateDatabase db =
          open(builder().busyTimeout(Duration.ZERO).sleeper(sleeps::add).random(() -> 0.0));
      exec(holder, "BEGIN IMMEDIATE");
      int[] bodyRuns = new int[1];

      RetryExhaustedException e =
          assertThrows(
              RetryExhaustedException.class,
              () ->
                  db.inTransaction(
                      new RetryPolicy(4, 10, 2.0, 1000, 0.5),
                      () -> {
                        bodyRuns[0]++;
                        insert(db, 1);
                      }));
      exec(holder, "ROLLBACK");

      assertThat(bodyRuns[0]).isEqualTo(0);
      assertThat(e.attempts()).isEqualTo(4);
      assertThat(sleeps).containsExactly(10L, 20L, 40L).inOrder();
      assertThat(e.waitedMillis()).isEqualTo(70);
      assertThat(e.lastCause().resultCode()).isEqualTo(5);
      assertThat(db.metrics().retriesExhausted()).isEqualTo(1);
      assertThat(db.metrics().transientFailures()).isEqualTo(4);
      insert(db, 1);
      assertThat(count(db)).isEqualTo(1);
    }
  }

  @Test
  void exhaustionReportsTheWholeElapsedTimeIncludingBusyWaitsApartFromTheBackoff()
      throws Exception {
    try (Connection holder = external()) {
      StateDatabase db =
          open(builder().busyTimeout(Duration.ofMillis(300)).random(() -> 0.0));
      exec(holder, "BEGIN IMMEDIATE");
      exec(holder, "INSERT INTO item VALUES (99, 'held')");
      try {
        long start = System.nanoTime();
        RetryExhaustedException single =
            assertThrows(RetryExhaustedException.class, () -> insert(db, 1));
        long singleMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        RetryExhaustedException block =
            assertThrows(
                RetryExhaustedException.class,
                () -> db.inTransaction(new RetryPolicy(3, 10, 2.0, 1000, 0.5), () -> insert(db, 2)));
        long blockMillis = (System.nanoTime() - start) / 1_000_000;

        for (RetryExhaustedException e : List.of(single, block)) {
          assertThat(e.waitedMillis()).isLessThan(200L);
          assertThat(e.attemptMillis()).isAtLeast(e.attempts() * 300L - 50);
          assertThat(e.elapsedMillis()).isEqualTo(e.waitedMillis() + e.attemptMillis());
          assertThat(e)
              .hasMessageThat()
              .contains(
                  " in "
                      + e.elapsedMillis()
                      + " ms ("
                      + e.waitedMillis()
                      + " ms of it waiting between attempts, "
                      + e.attemptMillis()
                      + " ms inside the attempts, including any wait for a lock or a pooled connection): ");
        }
        assertThat(single.elapsedMillis()).isAtMost(singleMillis);
        assertThat(block.attempts()).isEqualTo(3);
        assertThat(block.elapsedMillis()).isAtLeast(900L);
        assertThat(block.elapsedMillis()).isAtMost(blockMillis);
      } finally {
        exec(holder, "ROLLBACK");
      }
    }
  }

  @Test
  void aWriterWaitsForTheWriteLockOfAnotherThreadThenFailsTransientlyAtTheBusyTimeout()
      throws Exception {
    StateDatabase db =
        open(builder().busyTimeout(Duration.ofMillis(50)).retryPolicy(RetryPolicy.NONE));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                db.inTransaction(
                    () -> {
                      insert(db, 1);
                      inside.countDown();
                      await(release);
                    }),
            THREADS);
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    RetryExhaustedException e = assertThrows(RetryExhaustedException.class, () -> insert(db, 2));
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);

    assertThat(e.lastCause()).hasMessageThat().contains("write lock");
    assertThat(e.lastCause().table()).isEqualTo("item");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(count(db)).isEqualTo(1);
  }

  @Test
  void aWriterInterruptedWhileWaitingForTheWriteLockStopsAndKeepsTheFlag() throws Exception {
    StateDatabase db = open(builder());
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> holder =
        CompletableFuture.runAsync(
            () ->
                db.inTransaction(
                    () -> {
                      inside.countDown();
                      await(release);
                    }),
            THREADS);
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> flag = new CompletableFuture<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                insert(db, 1);
                outcome.complete(null);
              } catch (Throwable t) {
                flag.complete(Thread.currentThread().isInterrupted());
                outcome.complete(t);
              }
            });
    writer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    writer.interrupt();

    Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);

    assertThat(thrown).isInstanceOf(StateException.class);
    assertThat(thrown).isNotInstanceOf(TransientStateException.class);
    assertThat(thrown.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(flag.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(count(db)).isEqualTo(0);
  }

  @Test
  void retriesAreLoggedAtDebugAndExhaustionAtWarnWithOperationAndTable() throws Exception {
    try (Connection holder = external()) {
      StateDatabase db = open(builder().busyTimeout(Duration.ZERO).sleeper(millis -> {}));
      exec(holder, "BEGIN IMMEDIATE");
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream original = System.err;
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        assertThrows(
            RetryExhaustedException.class,
            () ->
                Session.of(db).execute(
                    SqlStatement.write(
                        "item",
                        "ItemDao.upsert",
                        "INSERT INTO item VALUES (1, 'a')",
                        new RetryPolicy(3, 1, 1.0, 1, 0.0)),
                    statement -> statement.executeUpdate()));
      } finally {
        System.setErr(original);
        exec(holder, "ROLLBACK");
      }

      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log)
          .contains(
              "DEBUG dev.flujo.runtime.spi.Retrier - ItemDao.upsert on table item attempt 1 of 3"
                  + " failed; retrying in 1 ms");
      assertThat(log)
          .contains(
              "DEBUG dev.flujo.runtime.spi.Retrier - ItemDao.upsert on table item attempt 2 of 3"
                  + " failed");
      assertThat(log)
          .contains(
              "WARN dev.flujo.runtime.spi.Retrier - ItemDao.upsert on table item gave up after 3"
                  + " attempts");
      assertThat(log).contains("SQLITE_BUSY");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
