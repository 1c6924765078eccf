package dev.flujo.tests.notify;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Change notifications and observed queries, on SQLite and on PostgreSQL: commits are announced,
 * rollbacks and rolled-back savepoints are not, slow subscribers get the latest, other writers
 * (another database instance: other connections, and on PostgreSQL another origin) are heard.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ChangeNotificationTest {
  private static final TableDefinition COUNTERS = table("counters");
  private static final TableDefinition OTHERS = table("others");

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Parameter String dialect;
  @TempDir Path dir;

  private String url;
  private final List<StateDatabase> opened = new ArrayList<>();

  private static TableDefinition table(String name) {
    return TableDefinition.builder(name)
        .columns(
            ColumnDefinition.key("id", ColumnType.TEXT, 1),
            ColumnDefinition.notNull("value", ColumnType.BIGINT))
        .createTableSql(
            "CREATE TABLE IF NOT EXISTS \"" + name + "\" (\n  \"id\" TEXT NOT NULL,\n  \"value\""
                + " INTEGER NOT NULL,\n  PRIMARY KEY (\"id\")\n) WITHOUT ROWID, STRICT")
        .fingerprint(name + "-1")
        .build();
  }

  private static SqlStatement upsert(TableDefinition table) {
    return SqlStatement.write(
        table.name(),
        table.name() + ".upsert",
        "INSERT INTO \"" + table.name() + "\" (\"id\", \"value\") VALUES (?, ?) ON CONFLICT"
            + " (\"id\") DO UPDATE SET \"value\" = excluded.\"value\"");
  }

  private static final SqlStatement UPSERT_COUNTER = upsert(COUNTERS);
  private static final SqlStatement UPSERT_OTHER = upsert(OTHERS);
  private static final SqlStatement SUM =
      SqlStatement.read("counters", "counters.sum", "SELECT coalesce(sum(\"value\"), 0) FROM \"counters\"");

  @BeforeEach
  void location() {
    if (dialect.equals("postgresql")) {
      url = PostgresServer.get().newDatabase();
    } else {
      url = "jdbc:sqlite:" + dir.resolve("state.db");
    }
  }

  @AfterEach
  void closeAll() {
    for (StateDatabase db : opened) {
      db.close();
    }
    if (dialect.equals("postgresql")) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  private StateDatabase open() {
    StateDatabase.Builder b =
        StateDatabase.builder()
            .url(url)
            .tables(COUNTERS, OTHERS)
            .changePollInterval(Duration.ofMillis(20));
    PostgresServer server = dialect.equals("postgresql") ? PostgresServer.get() : null;
    if (server != null && server.user() != null) {
      b.credentials(server.user(), server.password());
    }
    StateDatabase db = b.open();
    opened.add(db);
    return db;
  }

  private static void write(StateDatabase db, SqlStatement statement, String id, long value) {
    Session.of(db).execute(
        statement,
        st -> {
          st.setString(1, id);
          st.setLong(2, value);
          return st.executeUpdate();
        });
  }

  private static long sum(StateDatabase db) {
    return Session.of(db).execute(
        SUM,
        st -> {
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void commitIsAnnouncedWithTheTablesItChanged() throws Exception {
    StateDatabase db = open();
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = db.subscribe(heard::add, COUNTERS, OTHERS)) {
      assertThat(s.isClosed()).isFalse();
      write(db, UPSERT_COUNTER, "a", 1);
      assertThat(heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).contains("counters");
      db.inTransaction(
          () -> {
            write(db, UPSERT_COUNTER, "a", 2);
            write(db, UPSERT_OTHER, "b", 2);
          });
      Set<String> both = drainUntil(heard, Set.of("counters", "others"));
      assertThat(both).containsAtLeast("counters", "others");
    }
  }

  private static Set<String> drainUntil(BlockingQueue<Set<String>> heard, Set<String> wanted)
      throws InterruptedException {
    Set<String> all = new java.util.HashSet<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!all.containsAll(wanted) && System.nanoTime() < deadline) {
      Set<String> next = heard.poll(100, TimeUnit.MILLISECONDS);
      if (next != null) {
        all.addAll(next);
      }
    }
    return all;
  }

  @Test
  void rolledBackTransactionAndRolledBackSavepointAnnounceNothing() throws Exception {
    StateDatabase db = open();
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = db.subscribe(heard::add, COUNTERS, OTHERS)) {
      assertThat(s.isClosed()).isFalse();
      assertThrows(
          IllegalStateException.class,
          () ->
              db.inTransaction(
                  () -> {
                    write(db, UPSERT_COUNTER, "a", 1);
                    throw new IllegalStateException("rolled back");
                  }));
      db.inTransaction(
          () -> {
            assertThrows(
                IllegalStateException.class,
                () ->
                    db.inTransaction(
                        () -> {
                          write(db, UPSERT_COUNTER, "a", 1);
                          throw new IllegalStateException("savepoint rolled back");
                        }));
            write(db, UPSERT_OTHER, "b", 1);
          });
      Set<String> first = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(first).isNotNull();
      Thread.sleep(200);
      Set<String> all = new java.util.HashSet<>(first);
      heard.forEach(all::addAll);
      if (dialect.equals("postgresql")) {
        assertThat(all).containsExactly("others");
      } else {
        // SQLite cannot say which tables another connection changed; the poller may add every
        // subscribed table after this database's own commit, never before it
        assertThat(all).contains("others");
      }
      assertThat(sum(db)).isEqualTo(0);
    }
  }

  @Test
  void listenerThatThrowsAffectsNeitherTheWriterNorOtherListeners() throws Exception {
    StateDatabase db = open();
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (ChangeSubscription bad =
            db.subscribe(
                t -> {
                  throw new IllegalStateException("listener bug");
                },
                COUNTERS);
        ChangeSubscription good = db.subscribe(heard::add, COUNTERS)) {
      write(db, UPSERT_COUNTER, "a", 1);
      write(db, UPSERT_COUNTER, "a", 2);
      assertThat(heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).contains("counters");
      assertThat(bad.isClosed()).isFalse();
      assertThat(good.isClosed()).isFalse();
    }
  }

  @Test
  void anotherWriterOnTheSameDatabaseIsHeard() throws Exception {
    StateDatabase listener = open();
    StateDatabase writer = open();
    BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
    try (ChangeSubscription s = listener.subscribe(heard::add, COUNTERS)) {
      assertThat(s.isClosed()).isFalse();
      Thread.sleep(300);
      write(writer, UPSERT_COUNTER, "a", 1);
      assertThat(drainUntil(heard, Set.of("counters"))).contains("counters");
    }
  }

  @Test
  void manyObserversOfAQueryUnderConcurrentCommitsEndWithTheFinalState() throws Exception {
    StateDatabase db = open();
    int observers = 100;
    int threads = 4;
    // -Dflujo.notify.commits=2500 for the 10,000 commits on 4 threads
    int commitsPerThread =
        Integer.getInteger("flujo.notify.commits", dialect.equals("postgresql") ? 250 : 500);
    List<AtomicLong> last = new ArrayList<>();
    List<ChangeSubscription> subscriptions = new ArrayList<>();
    AtomicInteger deliveries = new AtomicInteger();
    for (int i = 0; i < observers; i++) {
      AtomicLong seen = new AtomicLong(-1);
      last.add(seen);
      subscriptions.add(
          db.observe(
              () -> sum(db),
              value -> {
                deliveries.incrementAndGet();
                seen.set(value);
              },
              COUNTERS));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String id = "t" + t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 1; i <= commitsPerThread; i++) {
                  write(db, UPSERT_COUNTER, id, i);
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    long expected = (long) threads * commitsPerThread;
    assertThat(sum(db)).isEqualTo(expected);
    long deadline = System.nanoTime() + WAIT.toNanos() * 3;
    while (System.nanoTime() < deadline && !allEqual(last, expected)) {
      Thread.sleep(20);
    }
    for (AtomicLong seen : last) {
      assertThat(seen.get()).isEqualTo(expected);
    }
    // coalesced: far fewer deliveries than observers × commits
    assertThat(deliveries.get()).isLessThan(observers * threads * commitsPerThread);
    for (ChangeSubscription s : subscriptions) {
      s.close();
    }
  }

  private static boolean allEqual(List<AtomicLong> values, long expected) {
    for (AtomicLong v : values) {
      if (v.get() != expected) {
        return false;
      }
    }
    return true;
  }

  @Test
  void publisherRespectsDemandAndMergesChangesWhileNoneIsRequested() throws Exception {
    StateDatabase db = open();
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    BlockingQueue<Set<String>> items = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch completed = new CountDownLatch(1);
    db.changes(COUNTERS, OTHERS)
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                subscribed.countDown();
              }

              @Override
              public void onNext(Set<String> item) {
                items.add(item);
              }

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {
                completed.countDown();
              }
            });
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
    write(db, UPSERT_COUNTER, "a", 1);
    write(db, UPSERT_OTHER, "b", 1);
    Thread.sleep(300);
    assertThat(items).isEmpty();
    subscription.get().request(1);
    Set<String> merged = items.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(merged).containsAtLeast("counters", "others");
    db.close();
    assertThat(completed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void queryObservedThroughItsQuerySetIsRerunOnItsTableOnly() throws Exception {
    StateDatabase db = open();
    dev.flujo.runtime.QuerySet queries = dev.flujo.runtime.QuerySet.of("test.CounterQueries", SUM);
    BlockingQueue<Long> sums = new LinkedBlockingQueue<>();
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    db.observe(() -> sum(db), queries)
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(Long item) {
                sums.add(item);
              }

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {}
            });
    assertThat(sums.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(0L);
    write(db, UPSERT_OTHER, "x", 5);
    write(db, UPSERT_COUNTER, "a", 7);
    Long next = sums.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    while (next != null && next != 7L) {
      next = sums.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertThat(next).isEqualTo(7L);
    subscription.get().cancel();

    // a statement that declares it reads another table (a join) is observed on that table too
    dev.flujo.runtime.QuerySet joined =
        dev.flujo.runtime.QuerySet.of("test.Joined", SUM.reads("counters", "others"));
    assertThat(joined.tables()).containsExactly("counters", "others");
    assertThat(queries.tables()).containsExactly("counters");
  }

  @Test
  void subscriptionsEndWhenTheDatabaseCloses() {
    StateDatabase db = open();
    ChangeSubscription s = db.subscribe(t -> {}, COUNTERS);
    ChangeSubscription o = db.observe(() -> sum(db), v -> {}, COUNTERS);
    db.close();
    assertThat(s.isClosed()).isTrue();
    assertThrows(IllegalStateException.class, () -> db.subscribe(t -> {}, COUNTERS));
    o.close();
  }

  @Test
  void subscribingToATableTheDatabaseWasNotOpenedWithIsRefused() {
    StateDatabase db = open();
    assertThrows(IllegalStateException.class, () -> db.subscribe(t -> {}, table("unknown")));
  }

}
