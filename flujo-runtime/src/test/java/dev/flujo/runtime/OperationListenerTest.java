package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.OperationListener.Outcome;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** What a registered {@link OperationListener} is told, on a real file. */
class OperationListenerTest {
  private static final SqlStatement CREATE =
      SqlStatement.write(
          null, "create", "CREATE TABLE IF NOT EXISTS item(k INTEGER PRIMARY KEY, v TEXT)", null);
  private static final SqlStatement INSERT =
      SqlStatement.write("item", "ItemDao.insert", "INSERT INTO item VALUES (?, 'v')", null);
  private static final SqlStatement COUNT =
      SqlStatement.read("item", "ItemDao.count", "SELECT count(*) FROM item", null);

  @TempDir Path dir;
  private StateDatabase db;
  private final List<String> events = new CopyOnWriteArrayList<>();

  private final OperationListener recorder =
      new OperationListener() {
        @Override
        public void operation(
            String table, String operation, boolean write, Outcome outcome, long nanos) {
          assertThat(nanos).isAtLeast(0L);
          events.add("op " + table + " " + operation + " " + (write ? "w" : "r") + " " + outcome);
        }

        @Override
        public void transaction(boolean write, Outcome outcome, long nanos) {
          events.add("tx " + (write ? "w" : "r") + " " + outcome);
        }

        @Override
        public void writeLockWait(String table, String operation, long nanos) {
          events.add("lock " + operation);
        }

        @Override
        public void transientFailure(String table, String operation, String kind) {
          events.add("transient " + table + " " + kind);
        }

        @Override
        public void retry(String operation, int failedAttempt, long delayMillis) {
          events.add("retry " + operation + " " + failedAttempt + " " + delayMillis);
        }

        @Override
        public void retriesExhausted(String operation, int attempts) {
          events.add("exhausted " + operation + " " + attempts);
        }
      };

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private StateDatabase open(StateDatabase.Builder builder) {
    db = builder.file(dir.resolve("items.db")).open();
    Session.of(db).execute(CREATE, statement -> statement.execute());
    events.clear();
    return db;
  }

  private static void insert(StateDatabase db, int k) {
    Session.of(db).execute(
        INSERT,
        statement -> {
          statement.setInt(1, k);
          return statement.executeUpdate();
        });
  }

  private static long count(StateDatabase db) {
    return Session.of(db).execute(
        COUNT,
        statement -> {
          try (var rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void eachStatementAndTransactionIsReportedWithItsOutcome() {
    open(StateDatabase.builder().listener(recorder));

    insert(db, 1);
    count(db);
    db.inTransaction(() -> insert(db, 2));
    assertThrows(ConstraintViolationException.class, () -> insert(db, 1));

    assertThat(events)
        .containsExactly(
            "lock ItemDao.insert",
            "op item ItemDao.insert w SUCCESS",
            "op item ItemDao.count r SUCCESS",
            "lock transaction",
            "op item ItemDao.insert w SUCCESS",
            "tx w SUCCESS",
            "lock ItemDao.insert",
            "op item ItemDao.insert w FAILURE")
        .inOrder();
  }

  @Test
  void busyIsReportedAsTransientFailureRetryAndExhaustion() throws Exception {
    open(
        StateDatabase.builder()
            .listener(recorder)
            .busyTimeout(Duration.ZERO)
            .retryPolicy(new RetryPolicy(3, 10, 2.0, 1000, 0.0))
            .sleeper(millis -> {})
            .random(() -> 0.0));
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(0);
    try (Connection holder =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("items.db"), config.toProperties());
        Statement s = holder.createStatement()) {
      s.execute("BEGIN IMMEDIATE");

      assertThrows(RetryExhaustedException.class, () -> insert(db, 1));

      s.execute("ROLLBACK");
    }

    assertThat(events)
        .containsExactly(
            "lock ItemDao.insert",
            "transient item busy",
            "op item ItemDao.insert w TRANSIENT_FAILURE",
            "retry ItemDao.insert 1 10",
            "lock ItemDao.insert",
            "transient item busy",
            "op item ItemDao.insert w TRANSIENT_FAILURE",
            "retry ItemDao.insert 2 20",
            "lock ItemDao.insert",
            "transient item busy",
            "op item ItemDao.insert w TRANSIENT_FAILURE",
            "exhausted ItemDao.insert 3")
        .inOrder();
    assertThat(db.metrics().retries()).isEqualTo(2);
  }

  @Test
  void withoutAListenerNothingIsReportedAndMetricsStillCount() {
    open(StateDatabase.builder());

    insert(db, 1);

    assertThat(events).isEmpty();
    assertThat(db.metrics().operations()).isEqualTo(2);
  }
}
