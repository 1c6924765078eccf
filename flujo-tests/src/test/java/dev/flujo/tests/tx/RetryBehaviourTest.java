package dev.flujo.tests.tx;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Which failures are retried, how, and by whom, against real lock contention on a file. */
class RetryBehaviourTest {
  /** One thread per task: a blocked task never delays another, whatever the core count. */
  private static final Executor THREADS = task -> new Thread(task).start();

  private static final SqlStatement INSERT_BAD_KIND =
      SqlStatement.write(
          "account",
          "raw.insertBadKind",
          "INSERT INTO account(id, email, balance, kind, updated_at) VALUES ('x', 'x@e', 1,"
              + " 'BOGUS', 0)",
          null);

  @TempDir Path dir;

  private final List<StateDatabase> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(StateDatabase::close);
  }

  private StateDatabase open(StateDatabase.Builder builder) {
    StateDatabase db = builder.tables(AccountDao.TABLE, TicketDao.TABLE).open();
    opened.add(db);
    return db;
  }

  private StateDatabase.Builder file() {
    return StateDatabase.builder().file(dir.resolve("retry.db"));
  }

  /** Another connection, as another process would have, that takes the write lock. */
  private Connection lockHolder() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(0);
    Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + dir.resolve("retry.db"), config.toProperties());
    exec(c, "BEGIN IMMEDIATE");
    exec(c, "INSERT INTO ticket(id, note) VALUES (1000, 'held')");
    return c;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static CompletableFuture<Void> commitAfter(Connection holder, long millis) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            Thread.sleep(millis);
            exec(holder, "COMMIT");
          } catch (SQLException | InterruptedException e) {
            throw new AssertionError(e);
          }
        },
        THREADS);
  }

  @Test
  void anUpsertWaitsOutAWriteLockHeldFor300MsUnderTheDefaults() throws Exception {
    StateDatabase db = open(file());
    AccountDao accounts = new AccountDao(db);
    try (Connection holder = lockHolder()) {
      CompletableFuture<Void> release = commitAfter(holder, 300);
      long start = System.nanoTime();

      accounts.upsert(Account.of("a", 1));

      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isAtLeast(200L);
      release.get(10, TimeUnit.SECONDS);
    }
    assertThat(accounts.findById("a")).isPresent();
    assertThat(new TicketDao(db).existsById(1000)).isTrue();
  }

  @Test
  void theDefaultPolicyRetriesBusyFailuresUntilA300MsLockIsReleased() throws Exception {
    StateDatabase db = open(file().busyTimeout(Duration.ofMillis(200)));
    AccountDao accounts = new AccountDao(db);
    try (Connection holder = lockHolder()) {
      CompletableFuture<Void> release = commitAfter(holder, 300);

      accounts.upsert(Account.of("a", 1));

      release.get(10, TimeUnit.SECONDS);
    }
    Metrics metrics = db.metrics();
    assertThat(accounts.findById("a")).isPresent();
    assertThat(metrics.retries()).isAtLeast(1L);
    assertThat(metrics.transientFailures()).isEqualTo(metrics.retries());
    assertThat(metrics.retriesExhausted()).isEqualTo(0);
  }

  @Test
  void oneAttemptWithAShortBusyTimeoutFailsWithTheBusyCause() throws Exception {
    StateDatabase db =
        open(file().busyTimeout(Duration.ofMillis(50)).retryPolicy(RetryPolicy.NONE));
    AccountDao accounts = new AccountDao(db);
    RetryExhaustedException e;
    long elapsedMillis;
    try (Connection holder = lockHolder()) {
      long start = System.nanoTime();
      e = assertThrows(RetryExhaustedException.class, () -> accounts.upsert(Account.of("a", 1)));
      elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      exec(holder, "ROLLBACK");
    }

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.waitedMillis()).isEqualTo(0);
    assertThat(e.lastCause().resultCode()).isEqualTo(5);
    assertThat(e.lastCause().table()).isEqualTo("account");
    assertThat(e).hasMessageThat().contains("AccountDao.upsert");
    assertThat(elapsedMillis).isLessThan(2_000L);
    assertThat(db.metrics().retriesExhausted()).isEqualTo(1);
    assertThat(accounts.count()).isEqualTo(0);
  }

  @Test
  void aTablesDbRetryPolicyGovernsItsDaoCalls() throws Exception {
    StateDatabase db = open(file().busyTimeout(Duration.ofMillis(20)));
    TicketDao tickets = new TicketDao(db);
    RetryExhaustedException e;
    try (Connection holder = lockHolder()) {
      e = assertThrows(RetryExhaustedException.class, () -> tickets.upsert(new Ticket(1, "t")));
      exec(holder, "ROLLBACK");
    }

    // @DbRetry(maxAttempts = 2) on Ticket, not the database's default of 5
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.waitedMillis()).isEqualTo(1);
    assertThat(e).hasMessageThat().contains("TicketDao.upsert");
    assertThat(db.metrics().retries()).isEqualTo(1);
  }

  @Test
  void aBlockWhoseFirstAttemptHitBusyAfterTwoWritesCommitsExactlyOnce() {
    StateDatabase db = open(file());
    // a second pool on the same file, as another process would have: its writes meet SQLite's lock
    StateDatabase other = open(file().busyTimeout(Duration.ZERO));
    AccountDao accounts = new AccountDao(db);
    AccountDao otherAccounts = new AccountDao(other);
    AtomicInteger attempts = new AtomicInteger();

    db.inTransaction(
        () -> {
          int attempt = attempts.incrementAndGet();
          accounts.insert(Account.of("a", 1));
          accounts.insert(Account.of("b", 2));
          if (attempt == 1) {
            otherAccounts.upsert(Account.of("c", 3));
          }
        });

    assertThat(attempts.get()).isEqualTo(2);
    assertThat(accounts.findAll().stream().map(Account::id).toList())
        .containsExactly("a", "b")
        .inOrder();
    assertThat(db.metrics().retries()).isEqualTo(1);
    // the DAO call inside the block failed once and left the retry to the block
    assertThat(other.metrics().transientFailures()).isEqualTo(1);
    assertThat(other.metrics().retries()).isEqualTo(0);
  }

  @Test
  void aDuplicateKeyOrUniqueViolationIsAttemptedExactlyOnce() {
    StateDatabase db = open(file());
    AccountDao accounts = new AccountDao(db);
    accounts.insert(Account.of("a", 1));
    Metrics before = db.metrics();

    Account sameKey = new Account("a", "other@example.com", 2, AccountKind.CHECKING, null);
    assertThrows(DuplicateKeyException.class, () -> accounts.insert(sameKey));
    ConstraintViolationException unique =
        assertThrows(
            ConstraintViolationException.class,
            () -> accounts.upsert(new Account("b", "a@example.com", 1, AccountKind.SAVINGS, null)));
    AtomicInteger bodyRuns = new AtomicInteger();
    assertThrows(
        DuplicateKeyException.class,
        () ->
            db.inTransaction(
                () -> {
                  bodyRuns.incrementAndGet();
                  accounts.insert(sameKey);
                }));

    Metrics after = db.metrics();
    assertThat(unique).isNotInstanceOf(DuplicateKeyException.class);
    assertThat(unique.resultCode()).isEqualTo(2067);
    assertThat(bodyRuns.get()).isEqualTo(1);
    // two statements, one transaction and its one statement
    assertThat(after.operations() - before.operations()).isEqualTo(4);
    assertThat(after.retries()).isEqualTo(before.retries());
    assertThat(after.transientFailures()).isEqualTo(0);
  }

  @Test
  void aCheckViolationIsAttemptedExactlyOnce() {
    StateDatabase db = open(file());
    AtomicInteger runs = new AtomicInteger();

    ConstraintViolationException e =
        assertThrows(
            ConstraintViolationException.class,
            () ->
                Session.of(db).execute(
                    INSERT_BAD_KIND,
                    statement -> {
                      runs.incrementAndGet();
                      return statement.executeUpdate();
                    }));

    assertThat(e.resultCode()).isEqualTo(275);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(db.metrics().retries()).isEqualTo(0);
  }

  @Test
  void aPoolTimeOutIsRetried() throws Exception {
    StateDatabase db = open(file().poolSize(1).connectionTimeout(Duration.ofMillis(250)));
    AccountDao accounts = new AccountDao(db);
    accounts.upsert(Account.of("a", 1));
    CountDownLatch streaming = new CountDownLatch(1);
    CompletableFuture<Long> holder =
        CompletableFuture.supplyAsync(
            () -> {
              try (Stream<Account> all = accounts.streamAll()) {
                streaming.countDown();
                Thread.sleep(400);
                return all.count();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            },
            THREADS);
    assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(accounts.findById("a")).isPresent();

    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    Metrics metrics = db.metrics();
    assertThat(metrics.transientFailures()).isAtLeast(1L);
    assertThat(metrics.retries()).isAtLeast(1L);
  }

  @Test
  void aPoolTimeOutIsReportedAsTransientWhenAttemptsRunOut() throws Exception {
    StateDatabase db =
        open(
            file()
                .poolSize(1)
                .connectionTimeout(Duration.ofMillis(250))
                .retryPolicy(RetryPolicy.NONE));
    AccountDao accounts = new AccountDao(db);
    try (Stream<Account> all = accounts.streamAll()) {
      RetryExhaustedException e =
          assertThrows(RetryExhaustedException.class, () -> accounts.count());
      assertThat(e.lastCause()).hasCauseThat().isInstanceOf(SQLTransientConnectionException.class);
      assertThat(all.count()).isEqualTo(0);
    }
  }
}
