package dev.flujo.tests.tx;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.tests.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteConfig;

/**
 * Commit, rollback, savepoints, isolation and locking of transactions over generated DAOs, on
 * both dialects. Where they differ (SQLite's one write lock taken at BEGIN, PostgreSQL's row locks
 * and SQLSTATEs) each run asserts its own behaviour.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class TransactionSemanticsTest {
  /** One thread per task: a blocked task never delays another, whatever the core count. */
  private static final Executor THREADS = task -> new Thread(task).start();

  private static final SqlStatement CREATE_TRANSFERS =
      SqlStatement.write(
          null,
          "create transfers",
          "CREATE TABLE IF NOT EXISTS transfers(id INTEGER PRIMARY KEY, account TEXT"
              + " REFERENCES account(id) DEFERRABLE INITIALLY DEFERRED)",
          null);
  private static final SqlStatement INSERT_TRANSFER =
      SqlStatement.write(
          "transfers", "Transfers.insert", "INSERT INTO transfers VALUES (?, ?)", null);
  private static final SqlStatement PEEK = SqlStatement.read(null, "peek", "SELECT 1", null);
  private static final SqlStatement BACKEND =
      SqlStatement.read(null, "backend", "SELECT pg_backend_pid()", null);

  private final Dialect dialect;

  @TempDir Path dir;

  private TestDatabase databases;
  private StateDatabase db;
  private AccountDao accounts;

  TransactionSemanticsTest(Dialect dialect) {
    this.dialect = dialect;
  }

  @BeforeEach
  void open() {
    databases = new TestDatabase(dialect, dir);
    db = databases.builder("tx").tables(AccountDao.TABLE).open();
    accounts = new AccountDao(db);
  }

  @AfterEach
  void close() {
    try {
      db.close();
    } finally {
      databases.close();
    }
  }

  private Connection external() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(0);
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dir.resolve("tx.db"), config.toProperties());
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private List<String> ids() {
    return accounts.findAll().stream().map(Account::id).toList();
  }

  @Test
  void commitsEveryWriteOfTheBlockAndReturnsItsResult() {
    String result =
        db.inTransaction(
            () -> {
              accounts.upsert(Account.of("a", 1));
              accounts.upsert(Account.of("b", 2));
              assertThat(db.inTransaction()).isTrue();
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(ids()).containsExactly("a", "b").inOrder();
    assertThat(db.inTransaction()).isFalse();
  }

  @Test
  void rollsBackOnAnExceptionAndRethrowsTheSameInstance() {
    IllegalStateException failure = new IllegalStateException("no");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                db.inTransaction(
                    () -> {
                      accounts.upsert(Account.of("a", 1));
                      accounts.upsert(Account.of("b", 2));
                      throw failure;
                    }));

    assertThat(thrown).isSameInstanceAs(failure);
    assertThat(thrown.getSuppressed()).isEmpty();
    assertThat(accounts.count()).isEqualTo(0);
  }

  @Test
  void rollsBackOnAnErrorToo() {
    StackOverflowError error = new StackOverflowError("deep");

    StackOverflowError thrown =
        assertThrows(
            StackOverflowError.class,
            () ->
                db.inTransaction(
                    () -> {
                      accounts.upsert(Account.of("a", 1));
                      throw error;
                    }));

    assertThat(thrown).isSameInstanceAs(error);
    assertThat(accounts.count()).isEqualTo(0);
    accounts.upsert(Account.of("b", 1));
    assertThat(ids()).containsExactly("b");
  }

  @Test
  void aNestedFailureCaughtByTheOuterBlockRollsBackOnlyTheInnerWork() {
    db.inTransaction(
        () -> {
          accounts.upsert(Account.of("outer-1", 1));
          try {
            db.inTransaction(
                () -> {
                  accounts.upsert(Account.of("inner", 2));
                  accounts.upsert(Account.of("outer-1", 99));
                  throw new IllegalArgumentException("inner fails");
                });
          } catch (IllegalArgumentException expected) {
            // the outer block carries on without the inner work
          }
          accounts.upsert(Account.of("outer-2", 3));
        });

    assertThat(ids()).containsExactly("outer-1", "outer-2").inOrder();
    assertThat(accounts.findById("outer-1").orElseThrow().balance()).isEqualTo(1);
  }

  @Test
  void aStatementFailureCaughtInTheBlockKeepsItOnSqliteAndAbandonsItOnPostgres() {
    accounts.upsert(Account.of("a", 1));
    Runnable block =
        () -> {
          accounts.upsert(Account.of("b", 2));
          try {
            accounts.insert(Account.of("a", 3));
          } catch (ConstraintViolationException expected) {
            // caught: SQLite undid the one statement, PostgreSQL aborted the transaction
          }
        };

    if (dialect == Dialect.POSTGRESQL) {
      StateException e = assertThrows(StateException.class, () -> db.inTransaction(block));
      assertThat(e).hasMessageThat().contains("abandoned");
      assertThat(ids()).containsExactly("a");
    } else {
      db.inTransaction(block);
      assertThat(ids()).containsExactly("a", "b").inOrder();
    }

    // a nested block's savepoint recovers from the failed statement on both
    db.inTransaction(
        () -> {
          accounts.upsert(Account.of("c", 4));
          assertThrows(
              ConstraintViolationException.class,
              () -> db.inTransaction(() -> accounts.insert(Account.of("a", 5))));
          accounts.upsert(Account.of("d", 6));
        });
    assertThat(ids()).containsAtLeast("a", "c", "d").inOrder();
    assertThat(accounts.findById("a").orElseThrow().balance()).isEqualTo(1);
  }

  @Test
  void aCommittedSavepointIsUndoneWhenTheOuterBlockFails() {
    assertThrows(
        IllegalStateException.class,
        () ->
            db.inTransaction(
                () -> {
                  db.inTransaction(() -> accounts.upsert(Account.of("inner", 1)));
                  accounts.upsertAll(List.of(Account.of("batch-1", 1), Account.of("batch-2", 2)));
                  throw new IllegalStateException("outer fails");
                }));

    assertThat(accounts.count()).isEqualTo(0);
  }

  @Test
  void aFailedCommitSurfacesAndLeavesTheDataAsBefore() {
    try (StateDatabase single =
        databases
            .builder("commit")
            .tables(AccountDao.TABLE)
            .poolSize(1)
            .open()) {
      AccountDao dao = new AccountDao(single);
      Session.of(single).execute(CREATE_TRANSFERS, statement -> statement.execute());
      dao.upsert(Account.of("kept", 1));
      Object before = connectionIdentity(single);
      long operations = single.metrics().operations();

      ConstraintViolationException thrown =
          assertThrows(
              ConstraintViolationException.class,
              () ->
                  single.inTransaction(
                      () -> {
                        dao.upsert(Account.of("kept", 50));
                        dao.upsert(Account.of("new", 2));
                        Session.of(single).execute(
                            INSERT_TRANSFER,
                            statement -> {
                              statement.setInt(1, 1);
                              statement.setString(2, "no-such-account");
                              return statement.executeUpdate();
                            });
                      }));
      long attempted = single.metrics().operations() - operations;

      assertThat(thrown).hasMessageThat().startsWith("commit");
      if (dialect == Dialect.POSTGRESQL) {
        assertThat(thrown.sqlState()).isEqualTo("23503");
      } else {
        assertThat(thrown.resultCode()).isEqualTo(787);
      }
      assertThat(dao.findAll().stream().map(Account::id).toList()).containsExactly("kept");
      assertThat(dao.findById("kept").orElseThrow().balance()).isEqualTo(1);
      // one attempt: the transaction and its three statements; a constraint is never retried
      assertThat(attempted).isEqualTo(4);
      assertThat(single.metrics().retries()).isEqualTo(0);
      // the rollback worked, so the connection went back to the pool rather than being evicted
      assertThat(connectionIdentity(single)).isEqualTo(before);
    }
  }

  /**
   * The pooled connection a statement runs on: the SQLite connection itself, or on PostgreSQL the
   * server process behind the pool's per-borrow proxy.
   */
  private Object connectionIdentity(StateDatabase database) {
    if (dialect == Dialect.POSTGRESQL) {
      return Session.of(database)
          .execute(
              BACKEND,
              statement -> {
                try (java.sql.ResultSet rs = statement.executeQuery()) {
                  rs.next();
                  return rs.getInt(1);
                }
              });
    }
    return Session.of(database).execute(PEEK, statement -> statement.getConnection());
  }

  @Test
  void writeTransactionsTakeTheWriteLockAtBegin() throws Exception {
    if (dialect == Dialect.POSTGRESQL) {
      // no database-wide write lock: another connection writes while a write transaction is open
      accounts.upsert(Account.of("theirs", 1));
      try (Connection other = databases.connect("tx")) {
        db.inTransaction(
            () -> {
              accounts.upsert(Account.of("mine", 1));
              try {
                exec(other, "UPDATE account SET balance = 2 WHERE id = 'theirs'");
              } catch (SQLException e) {
                throw new AssertionError("PostgreSQL has no write lock at BEGIN", e);
              }
            });
      }
      assertThat(ids()).containsExactly("mine", "theirs").inOrder();
      assertThat(accounts.findById("theirs").orElseThrow().balance()).isEqualTo(2);
      return;
    }
    try (Connection other = external()) {
      SQLException refused =
          db.inTransaction(
              () -> {
                // nothing written yet, but BEGIN IMMEDIATE already holds the lock
                return assertThrows(SQLException.class, () -> exec(other, "BEGIN IMMEDIATE"));
              });
      assertThat((Throwable) refused).hasMessageThat().contains("SQLITE_BUSY");

      db.readTransaction(
          () -> {
            accounts.count();
            try {
              exec(other, "BEGIN IMMEDIATE");
              exec(other, "ROLLBACK");
            } catch (SQLException e) {
              throw new AssertionError("a read transaction must not block writers", e);
            }
          });
    }
  }

  @Test
  void readersRunWhileAWriteTransactionIsOpenAndSeeTheLastCommit() throws Exception {
    accounts.upsert(Account.of("a", 1));
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () ->
                db.inTransaction(
                    () -> {
                      accounts.upsert(Account.of("a", 100));
                      accounts.upsert(Account.of("b", 2));
                      written.countDown();
                      await(release);
                    }),
            THREADS);
    assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<List<String>> reader =
        CompletableFuture.supplyAsync(() -> db.readTransaction(this::ids), THREADS);
    CompletableFuture<Optional<Account>> pointRead =
        CompletableFuture.supplyAsync(() -> accounts.findById("a"), THREADS);

    assertThat(reader.get(5, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(pointRead.get(5, TimeUnit.SECONDS).orElseThrow().balance()).isEqualTo(1);
    assertThat(writer.isDone()).isFalse();
    release.countDown();
    writer.get(10, TimeUnit.SECONDS);
    assertThat(ids()).containsExactly("a", "b").inOrder();
  }

  @Test
  void aReadTransactionSeesOneSnapshotWhileAWriterCommits() throws Exception {
    accounts.upsert(Account.of("a", 1));

    long[] counts =
        db.readTransaction(
            () -> {
              long first = accounts.count();
              CompletableFuture.runAsync(() -> accounts.upsert(Account.of("b", 2)), THREADS)
                  .orTimeout(5, TimeUnit.SECONDS)
                  .join();
              return new long[] {first, accounts.count()};
            });

    assertThat(counts).asList().containsExactly(1L, 1L).inOrder();
    assertThat(accounts.count()).isEqualTo(2);
  }

  @Test
  void aDaoWriteInsideReadTransactionFailsClearly() {
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> db.readTransaction(() -> accounts.upsert(Account.of("a", 1))));

    assertThat(thrown)
        .hasMessageThat()
        .contains("AccountDao.upsert writes and cannot run inside readTransaction");
    assertThat(accounts.count()).isEqualTo(0);
  }

  @Test
  void anotherThreadDoesNotJoinTheAmbientTransaction() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch otherStarted = new CountDownLatch(1);
    CompletableFuture<Boolean> otherSawTransaction = new CompletableFuture<>();
    CompletableFuture<Optional<Account>> otherRead = new CompletableFuture<>();
    CompletableFuture<Void> otherWrite = new CompletableFuture<>();

    assertThrows(
        IllegalStateException.class,
        () ->
            db.inTransaction(
                () -> {
                  accounts.upsert(Account.of("mine", 1));
                  written.countDown();
                  Thread other =
                      new Thread(
                          () -> {
                            otherSawTransaction.complete(db.inTransaction());
                            otherRead.complete(accounts.findById("mine"));
                            otherStarted.countDown();
                            try {
                              accounts.upsert(Account.of("theirs", 2));
                              otherWrite.complete(null);
                            } catch (RuntimeException e) {
                              otherWrite.completeExceptionally(e);
                            }
                          });
                  other.start();
                  await(otherStarted);
                  if (dialect == Dialect.POSTGRESQL) {
                    // row locks only: the other thread's write of another row commits on its own
                    otherWrite.orTimeout(10, TimeUnit.SECONDS).join();
                  } else {
                    // the other thread's write waits for this transaction instead of joining it
                    assertThat(otherWrite.isDone()).isFalse();
                  }
                  throw new IllegalStateException("roll back mine");
                }));

    otherWrite.get(10, TimeUnit.SECONDS);
    assertThat(otherSawTransaction.get()).isFalse();
    assertThat(otherRead.get()).isEmpty();
    assertThat(ids()).containsExactly("theirs");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
