package dev.flujo.test;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.flujo.runtime.StateDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes (the static nested fixtures, not run on their own) through the Jupiter
 * engine and checks what the extension did for them.
 */
class FlujoDatabaseTest {
  /** What the fixtures saw: one entry per test that ran. */
  static final List<Seen> SEEN = Collections.synchronizedList(new ArrayList<>());

  record Seen(String test, StateDatabase database, Optional<Path> file) {}

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  private static EngineExecutionResults run(Class<?> fixture, String... parameters) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture));
    for (int i = 0; i < parameters.length; i += 2) {
      kit.configurationParameter(parameters[i], parameters[i + 1]);
    }
    return kit.execute();
  }

  private static List<Throwable> failures(Events tests) {
    return tests.failed().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().orElseThrow())
        .toList();
  }

  private static void assertDeleted(Seen seen) {
    assertThat(seen.database().isClosed()).isTrue();
    Path file = seen.file().orElseThrow();
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.exists(file.getParent())).isFalse();
  }

  // --- fixtures -------------------------------------------------------------------------------

  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class TwoTestsWritingTheSameKey {
    @RegisterExtension static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);

    @Test
    void first() {
      write("first");
    }

    @Test
    void second() {
      write("second");
    }

    private static void write(String test) {
      StateDatabase database = db.database();
      NoteDao notes = new NoteDao(database);
      assertThat(notes.count()).isEqualTo(0);
      notes.insert(new Note("n-1", test, null));
      assertThat(notes.count()).isEqualTo(1);
      assertThat(database.file().map(Files::exists)).hasValue(true);
      SEEN.add(new Seen(test, database, database.file()));
    }
  }

  static class Injection {
    @RegisterExtension static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);
    private StateDatabase fromBeforeEach;

    @BeforeEach
    void setUp(StateDatabase database) {
      fromBeforeEach = database;
      new NoteDao(database).upsert(new Note("set-up", "by @BeforeEach", null));
    }

    @Test
    void parameterIsTheTestsDatabase(StateDatabase database) {
      assertThat(database).isSameInstanceAs(db.database());
      assertThat(database).isSameInstanceAs(fromBeforeEach);
      assertThat(database.isClosed()).isFalse();
      assertThat(new NoteDao(database).existsById("set-up")).isTrue();
      SEEN.add(new Seen("test", database, database.file()));
    }

    @AfterEach
    void tearDown(StateDatabase database) {
      assertThat(database.isClosed()).isFalse();
      assertThat(new NoteDao(database).count()).isEqualTo(1);
    }
  }

  static class FailingTest {
    @RegisterExtension static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);

    @Test
    void failsAfterWriting(StateDatabase database) {
      new NoteDao(database).insert(new Note("n-1", "written", null));
      SEEN.add(new Seen("failing", database, database.file()));
      throw new AssertionError("the test's own failure");
    }
  }

  static class UndeletableFiles {
    @RegisterExtension
    static final FlujoDatabase db =
        FlujoDatabase.withTables(NoteDao.TABLE)
            .remover(
                dir -> {
                  throw new IOException("injected: " + dir + " cannot be deleted");
                });

    @Test
    void passes(StateDatabase database) {
      SEEN.add(new Seen("passes", database, database.file()));
    }

    @Test
    void fails(StateDatabase database) {
      SEEN.add(new Seen("fails", database, database.file()));
      throw new AssertionError("the test's own failure");
    }
  }

  @Execution(ExecutionMode.CONCURRENT)
  static class ParallelMethods {
    static final CyclicBarrier ALL_OPEN = new CyclicBarrier(4);

    @RegisterExtension static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);

    @Test
    void a(StateDatabase database) throws Exception {
      write("a", database);
    }

    @Test
    void b(StateDatabase database) throws Exception {
      write("b", database);
    }

    @Test
    void c(StateDatabase database) throws Exception {
      write("c", database);
    }

    @Test
    void d(StateDatabase database) throws Exception {
      write("d", database);
    }

    private static void write(String test, StateDatabase database) throws Exception {
      assertThat(db.database()).isSameInstanceAs(database);
      NoteDao notes = new NoteDao(database);
      notes.insert(new Note("n-1", test, null));
      ALL_OPEN.await(30, TimeUnit.SECONDS);
      assertThat(notes.findAll()).containsExactly(notes.findById("n-1").orElseThrow());
      assertThat(notes.findById("n-1").orElseThrow().text()).isEqualTo(test);
      ALL_OPEN.await(30, TimeUnit.SECONDS);
      SEEN.add(new Seen(test, database, database.file()));
    }
  }

  static class Options {
    static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

    @RegisterExtension
    static final FlujoDatabase db =
        FlujoDatabase.withTables(NoteDao.TABLE)
            .inMemory()
            .fixedClock(NOON)
            .configure(b -> b.poolSize(2));

    @Test
    void inMemoryWithFixedClock(StateDatabase database) {
      assertThat(database.file()).isEmpty();
      NoteDao notes = new NoteDao(database);
      notes.upsert(new Note("n-1", "text", null));
      assertThat(notes.findById("n-1").orElseThrow().createdAt()).isEqualTo(NOON);
      assertThat(database.metrics().poolTotal()).isAtMost(2);
      SEEN.add(new Seen("memory", database, database.file()));
    }
  }

  static class OpenFails {
    static final Path PARENT = createParent();

    @RegisterExtension
    static final FlujoDatabase db =
        FlujoDatabase.withTables(NoteDao.TABLE)
            .directory(PARENT)
            .configure(
                b -> {
                  throw new IllegalStateException("injected: open fails");
                });

    @Test
    void neverRuns() {
      SEEN.add(new Seen("ran", null, Optional.empty()));
    }

    private static Path createParent() {
      try {
        return Files.createTempDirectory("flujo-test-parent-");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  // --- tests ----------------------------------------------------------------------------------

  @Test
  void eachTestGetsAFreshDatabaseOnItsOwnFileDeletedAfterwards() {
    EngineExecutionResults results = run(TwoTestsWritingTheSameKey.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0).database()).isNotSameInstanceAs(SEEN.get(1).database());
    assertThat(SEEN.get(0).file()).isNotEqualTo(SEEN.get(1).file());
    SEEN.forEach(FlujoDatabaseTest::assertDeleted);
  }

  @Test
  void stateDatabaseParametersOfTestAndLifecycleMethodsGetTheTestsDatabase() {
    EngineExecutionResults results = run(Injection.class);

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertDeleted(SEEN.get(0));
  }

  @Test
  void failingTestStillClosesAndDeletesAndKeepsItsOwnFailure() {
    EngineExecutionResults results = run(FailingTest.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = failures(results.testEvents()).get(0);
    assertThat(failure).hasMessageThat().isEqualTo("the test's own failure");
    assertThat(failure.getSuppressed()).isEmpty();
    assertDeleted(SEEN.get(0));
  }

  @Test
  void cleanupFailureFailsTheTestAndIsAddedToItsOwnFailure() {
    EngineExecutionResults results = run(UndeletableFiles.class);

    results.testEvents().assertStatistics(s -> s.started(2).failed(2));
    List<Throwable> failures = failures(results.testEvents());
    Throwable ofPassing =
        failures.stream().filter(t -> t instanceof IllegalStateException).findFirst().orElseThrow();
    assertThat(ofPassing).hasMessageThat().startsWith("deleting the test database directory");
    assertThat(ofPassing).hasCauseThat().hasMessageThat().startsWith("injected:");
    Throwable ofFailing =
        failures.stream().filter(t -> t instanceof AssertionError).findFirst().orElseThrow();
    assertThat(ofFailing.getSuppressed()).hasLength(1);
    assertThat(ofFailing.getSuppressed()[0])
        .hasMessageThat()
        .startsWith("deleting the test database directory");
    for (Seen seen : SEEN) {
      assertThat(seen.database().isClosed()).isTrue();
      deleteLeftovers(seen.file().orElseThrow().getParent());
    }
  }

  @Test
  void parallelTestMethodsEachHaveTheirOwnDatabase() {
    EngineExecutionResults results =
        run(
            ParallelMethods.class,
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(new HashSet<>(SEEN.stream().map(Seen::database).toList())).hasSize(4);
    assertThat(new HashSet<>(SEEN.stream().map(Seen::file).toList())).hasSize(4);
    SEEN.forEach(FlujoDatabaseTest::assertDeleted);
  }

  @Test
  void optionsGiveAnInMemoryDatabaseWithTheFixedClockAndCustomizedBuilder() {
    EngineExecutionResults results = run(Options.class);

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN.get(0).database().isClosed()).isTrue();
  }

  @Test
  void failedOpenFailsTheTestAndLeavesNoDirectory() throws IOException {
    EngineExecutionResults results = run(OpenFails.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(failures(results.testEvents()).get(0))
        .hasMessageThat()
        .isEqualTo("injected: open fails");
    assertThat(SEEN).isEmpty();
    try (Stream<Path> left = Files.list(OpenFails.PARENT)) {
      assertThat(left.toList()).isEmpty();
    }
    Files.delete(OpenFails.PARENT);
  }

  @Test
  void databaseOutsideATestSaysWhy() {
    FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);

    IllegalStateException e = assertThrows(IllegalStateException.class, db::database);
    assertThat(e).hasMessageThat().contains("no test database is open");
  }

  @Test
  void optionsReturnNewExtensionsAndLeaveTheOriginalUnchanged() {
    FlujoDatabase base = FlujoDatabase.withTables(NoteDao.TABLE);

    FlujoDatabase memory = base.inMemory().clock(java.time.Clock.systemUTC());

    assertThat(memory).isNotSameInstanceAs(base);
    assertThat(base.toString()).isEqualTo("FlujoDatabase[note]");
    assertThat(memory.toString()).isEqualTo("FlujoDatabase[note] in memory");
    assertThrows(NullPointerException.class, () -> base.configure(null));
  }

  private static void deleteLeftovers(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
