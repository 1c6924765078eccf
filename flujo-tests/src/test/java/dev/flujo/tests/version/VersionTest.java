package dev.flujo.tests.version;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.OptimisticLockException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @Version} on SQLite and on PostgreSQL: insert writes 1, update and upsert succeed only
 * against the stored version and return the next one, a stale write throws {@link
 * OptimisticLockException} naming table, key and both versions, writes nothing and is not retried.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class VersionTest {
  @Parameter String dialect;
  @TempDir Path dir;

  private String url;
  private StateDatabase db;
  private CounterDao counters;
  private SlotDao slots;
  private TaskQueries tasks;
  private TaskDao taskDao;

  @BeforeEach
  void open() {
    url =
        dialect.equals("postgresql")
            ? PostgresServer.get().newDatabase()
            : "jdbc:sqlite:" + dir.resolve("state.db");
    db = Databases.open(url, 4);
    counters = new CounterDao(db);
    slots = new SlotDao(db);
    taskDao = new TaskDao(db);
    tasks = new TaskQueriesImpl(db);
  }

  @AfterEach
  void close() {
    db.close();
    if (dialect.equals("postgresql")) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  private static Counter counter(String id, long value, long version) {
    return new Counter(id, value, null, Instant.EPOCH, version);
  }

  @Test
  void insertWritesVersionOneWhateverTheEntitySays() {
    counters.insert(counter("a", 5, 42));
    assertThat(counters.findById("a").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void updateAgainstTheStoredVersionIncrementsItAndReturnsTheNewOne() {
    counters.insert(counter("a", 5, 0));
    Counter read = counters.findById("a").orElseThrow();
    long next = counters.update(read.withValue(6));
    assertThat(next).isEqualTo(2);
    Counter stored = counters.findById("a").orElseThrow();
    assertThat(stored.value()).isEqualTo(6);
    assertThat(stored.version()).isEqualTo(2);
    assertThat(counters.update(stored.withValue(7))).isEqualTo(3);
  }

  @Test
  void staleUpdateThrowsNamingTableKeyAndBothVersionsAndWritesNothing() {
    counters.insert(counter("a", 5, 0));
    Counter first = counters.findById("a").orElseThrow();
    counters.update(first.withValue(6));

    OptimisticLockException e =
        assertThrows(OptimisticLockException.class, () -> counters.update(first.withValue(100)));
    assertThat(e.table()).isEqualTo("ver_counter");
    assertThat(e.key()).isEqualTo("id=a");
    assertThat(e.expectedVersion()).isEqualTo(1);
    assertThat(e.storedVersion()).isEqualTo(OptionalLong.of(2));
    assertThat(e.getMessage())
        .isEqualTo(
            "stale write to ver_counter (id=a): the caller had version 1, the database has version"
                + " 2");
    assertThat(e).isNotInstanceOf(TransientStateException.class);
    assertThat(counters.findById("a").orElseThrow().value()).isEqualTo(6);
  }

  @Test
  void updateOfAMissingRowThrowsSayingThereIsNoRow() {
    OptimisticLockException e =
        assertThrows(OptimisticLockException.class, () -> counters.update(counter("gone", 1, 1)));
    assertThat(e.storedVersion()).isEqualTo(OptionalLong.empty());
    assertThat(e.getMessage()).endsWith("the database has no row");
    assertThat(counters.existsById("gone")).isFalse();
  }

  @Test
  void upsertOfANewRowStoresTheEntitysVersionPlusOne() {
    assertThat(counters.upsert(counter("a", 5, 0))).isEqualTo(1);
    assertThat(counters.findById("a").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void upsertOfAnExistingRowSucceedsOnlyAgainstTheStoredVersion() {
    counters.upsert(counter("a", 5, 0));
    assertThat(counters.upsert(counter("a", 6, 1))).isEqualTo(2);
    OptimisticLockException e =
        assertThrows(OptimisticLockException.class, () -> counters.upsert(counter("a", 99, 1)));
    assertThat(e.expectedVersion()).isEqualTo(1);
    assertThat(e.storedVersion()).isEqualTo(OptionalLong.of(2));
    Counter stored = counters.findById("a").orElseThrow();
    assertThat(stored.value()).isEqualTo(6);
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void upsertAllWithOneStaleRowWritesNothingAndNamesThatRow() {
    counters.upsert(counter("a", 1, 0));
    counters.upsert(counter("b", 1, 0));
    counters.update(counter("b", 2, 1));

    OptimisticLockException e =
        assertThrows(
            OptimisticLockException.class,
            () ->
                counters.upsertAll(
                    List.of(counter("a", 10, 1), counter("new", 10, 0), counter("b", 10, 1))));
    assertThat(e.key()).isEqualTo("id=b");
    assertThat(e.storedVersion()).isEqualTo(OptionalLong.of(2));
    assertThat(counters.findById("a").orElseThrow().value()).isEqualTo(1);
    assertThat(counters.existsById("new")).isFalse();

    counters.upsertAll(List.of(counter("a", 10, 1), counter("new", 10, 0), counter("b", 10, 2)));
    assertThat(counters.findById("a").orElseThrow().version()).isEqualTo(2);
    assertThat(counters.findById("new").orElseThrow().version()).isEqualTo(1);
    assertThat(counters.findById("b").orElseThrow().version()).isEqualTo(3);
  }

  @Test
  void compositeKeyAndIntVersionAreNamedInTheException() {
    slots.insert(new Slot("s1", 3, "x", 0));
    int next = slots.update(new Slot("s1", 3, "y", 1));
    assertThat(next).isEqualTo(2);
    OptimisticLockException e =
        assertThrows(OptimisticLockException.class, () -> slots.update(new Slot("s1", 3, "z", 1)));
    assertThat(e.key()).isEqualTo("shard=s1, position=3");
    assertThat(e.storedVersion()).isEqualTo(OptionalLong.of(2));
  }

  @Test
  void aStaleWriteInsideATransactionRollsTheBlockBackAndIsNotRetried() {
    counters.insert(counter("a", 1, 0));
    counters.insert(counter("b", 1, 0));
    counters.update(counter("b", 2, 1));
    AtomicInteger runs = new AtomicInteger();
    assertThrows(
        OptimisticLockException.class,
        () ->
            db.inTransaction(
                () -> {
                  runs.incrementAndGet();
                  counters.update(counter("a", 50, 1));
                  counters.update(counter("b", 50, 1));
                }));
    assertThat(runs.get()).isEqualTo(1);
    assertThat(counters.findById("a").orElseThrow().value()).isEqualTo(1);
    assertThat(db.metrics().retries()).isEqualTo(0);
  }

  @Test
  void queriesCanUpdateConditionallyOnTheVersion() {
    taskDao.insert(new Task(1, "READY", null, 0));
    assertThat(tasks.transition(1, 1, "TAKEN", "w1")).isTrue();
    assertThat(tasks.transition(1, 1, "TAKEN", "w2")).isFalse();
    Task stored = taskDao.findById(1).orElseThrow();
    assertThat(stored.owner()).isEqualTo("w1");
    assertThat(stored.version()).isEqualTo(2);
  }
}
