package dev.flujo.tests.notify;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.NotifyMode;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.test.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code notifyOtherClients(...)} on PostgreSQL. {@code OFF}: the client's writes send no {@code
 * NOTIFY}, so other clients' subscribers hear nothing of them, while its own subscribers hear every
 * commit and it still hears other clients. {@code AFTER_COMMIT}: other clients hear its commits
 * (not its rollbacks) from its notifier thread, also when it closes right after writing.
 */
class NotifyOtherClientsTest {
  private static final TableDefinition COUNTERS = Counters.TABLE;
  private static final Duration QUIET = Duration.ofMillis(1_500);

  private String url;
  private final List<StateDatabase> opened = new ArrayList<>();

  @BeforeEach
  void database() {
    url = PostgresServer.get().newDatabase();
  }

  @AfterEach
  void closeAll() {
    for (StateDatabase db : opened) {
      db.close();
    }
    PostgresServer.get().dropDatabase(url);
  }

  private StateDatabase open(NotifyMode notifyOtherClients) {
    StateDatabase.Builder b =
        StateDatabase.builder().url(url).tables(COUNTERS).notifyOtherClients(notifyOtherClients);
    PostgresServer server = PostgresServer.get();
    if (server.user() != null) {
      b.credentials(server.user(), server.password());
    }
    StateDatabase db = b.open();
    opened.add(db);
    return db;
  }

  private static void write(StateDatabase db, String id, long value) {
    Counters.write(db, id, value);
  }

  private static Set<String> heardWithin(BlockingQueue<Set<String>> heard, Duration time)
      throws InterruptedException {
    Set<String> all = new HashSet<>();
    long deadline = System.nanoTime() + time.toNanos();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      Set<String> next = heard.poll(left, TimeUnit.NANOSECONDS);
      if (next != null) {
        all.addAll(next);
      }
    }
    for (Set<String> next; (next = heard.poll()) != null; ) {
      all.addAll(next);
    }
    return all;
  }

  @Test
  void quietWriterIsNotHeardByOtherClientsButByItsOwnSubscribers() throws Exception {
    StateDatabase other = open(NotifyMode.IN_TRANSACTION);
    StateDatabase quiet = open(NotifyMode.OFF);
    BlockingQueue<Set<String>> otherHeard = new LinkedBlockingQueue<>();
    BlockingQueue<Set<String>> ownHeard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = other.subscribe(otherHeard::add, COUNTERS);
        ChangeSubscription own = quiet.subscribe(ownHeard::add, COUNTERS)) {
      assertThat(s.isClosed()).isFalse();
      assertThat(own.isClosed()).isFalse();
      Thread.sleep(300);

      write(quiet, "a", 1);
      quiet.inTransaction(() -> write(quiet, "b", 2));

      assertThat(heardWithin(ownHeard, QUIET)).containsExactly("counters");
      assertThat(heardWithin(otherHeard, Duration.ZERO)).isEmpty();

      write(other, "c", 3);
      assertThat(heardWithin(ownHeard, QUIET)).containsExactly("counters");
      assertThat(heardWithin(otherHeard, QUIET)).containsExactly("counters");
    }
  }

  @Test
  void quietWriterSendsNoNotifyToTheServer() throws Exception {
    StateDatabase quiet = open(NotifyMode.OFF);
    try (Connection listening = PostgresServer.get().connect(url);
        Statement st = listening.createStatement()) {
      st.execute("LISTEN flujo_changes");
      write(quiet, "a", 1);
      quiet.inTransaction(() -> write(quiet, "b", 2));
      Thread.sleep(300);
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        rs.next();
      }
      var notifications =
          listening.unwrap(org.postgresql.PGConnection.class).getNotifications(500);
      assertThat(notifications == null ? 0 : notifications.length).isEqualTo(0);

      StateDatabase loud = open(NotifyMode.IN_TRANSACTION);
      write(loud, "c", 3);
      Thread.sleep(300);
      try (ResultSet rs = st.executeQuery("SELECT 1")) {
        rs.next();
      }
      notifications = listening.unwrap(org.postgresql.PGConnection.class).getNotifications(2_000);
      assertThat(notifications).isNotNull();
      assertThat(notifications.length).isAtLeast(1);
    }
  }

  @Test
  void afterCommitWriterIsHeardForItsCommitsNotItsRollbacks() throws Exception {
    StateDatabase other = open(NotifyMode.IN_TRANSACTION);
    StateDatabase writer = open(NotifyMode.AFTER_COMMIT);
    BlockingQueue<Set<String>> otherHeard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = other.subscribe(otherHeard::add, COUNTERS)) {
      assertThat(s.isClosed()).isFalse();
      Thread.sleep(300);

      try {
        writer.inTransaction(
            () -> {
              write(writer, "r", 9);
              throw new IllegalStateException("roll back");
            });
      } catch (IllegalStateException expected) {
        assertThat(expected).hasMessageThat().isEqualTo("roll back");
      }
      assertThat(heardWithin(otherHeard, QUIET)).isEmpty();

      write(writer, "a", 1);
      assertThat(heardWithin(otherHeard, QUIET)).containsExactly("counters");
      writer.inTransaction(() -> write(writer, "b", 2));
      assertThat(heardWithin(otherHeard, QUIET)).containsExactly("counters");
    }
  }

  @Test
  void afterCommitWriterClosedRightAfterAWriteStillAnnouncesIt() throws Exception {
    StateDatabase other = open(NotifyMode.IN_TRANSACTION);
    StateDatabase writer = open(NotifyMode.AFTER_COMMIT);
    BlockingQueue<Set<String>> otherHeard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = other.subscribe(otherHeard::add, COUNTERS)) {
      assertThat(s.isClosed()).isFalse();
      Thread.sleep(300);

      write(writer, "a", 1);
      writer.close();

      assertThat(heardWithin(otherHeard, QUIET)).containsExactly("counters");
    }
  }

  @Test
  void afterCommitAnnouncementArrivesWithinMilliseconds() throws Exception {
    StateDatabase listener = open(NotifyMode.IN_TRANSACTION);
    StateDatabase writer = open(NotifyMode.AFTER_COMMIT);
    int samples = Math.max(30, Integer.getInteger("flujo.notify.samples", 300) / 10);
    double[] ms = Counters.latencies(writer, listener, samples);
    double p50 = Counters.percentile(ms, 0.50);
    double p99 = Counters.percentile(ms, 0.99);
    System.out.printf(
        java.util.Locale.ROOT,
        "[notify postgresql] other connection -> callback (AFTER_COMMIT): p50 %.2f ms, p99 %.2f ms,"
            + " max %.2f ms (%d samples)%n",
        p50,
        p99,
        ms[samples - 1],
        samples);
    assertThat(p99).isLessThan(200.0);
  }
}
