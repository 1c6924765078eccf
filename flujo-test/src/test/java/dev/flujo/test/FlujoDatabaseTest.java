package dev.flujo.test;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /** What the PostgreSQL fixtures saw: the database and the server database it ran on. */
  static final List<SeenOnServer> ON_SERVER = Collections.synchronizedList(new ArrayList<>());

  record SeenOnServer(String test, StateDatabase database, String serverDatabase) {}

  @BeforeEach
  void clear() {
    SEEN.clear();
    ON_SERVER.clear();
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

  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class OnPostgres {
    @RegisterExtension
    static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE).onPostgres();

    @Test
    void first(StateDatabase database) throws SQLException {
      write("first", db, database);
    }

    @Test
    void second(StateDatabase database) throws SQLException {
      write("second", db, database);
    }
  }

  /** Follows {@value FlujoDatabase#DIALECT_PROPERTY}. */
  static class Switchable {
    @RegisterExtension static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE);

    @Test
    void writes(StateDatabase database) throws SQLException {
      if (database.dialect() == Dialect.POSTGRESQL) {
        write("switched", db, database);
      } else {
        new NoteDao(database).insert(new Note("n-1", "sqlite", null));
        SEEN.add(new Seen("sqlite", database, database.file()));
      }
    }
  }

  /** Stays on SQLite whatever {@value FlujoDatabase#DIALECT_PROPERTY} says. */
  static class PinnedToSqlite {
    @RegisterExtension
    static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE).dialect(Dialect.SQLITE);

    @Test
    void writes(StateDatabase database) {
      new NoteDao(database).insert(new Note("n-1", "sqlite", null));
      SEEN.add(new Seen("pinned", database, database.file()));
    }
  }

  static class FailingOnPostgres {
    @RegisterExtension
    static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE).onPostgres();

    @Test
    void failsAfterWriting(StateDatabase database) throws SQLException {
      write("failing", db, database);
      throw new AssertionError("the test's own failure");
    }
  }

  static class OpenFailsOnPostgres {
    @RegisterExtension
    static final FlujoDatabase db =
        FlujoDatabase.withTables(NoteDao.TABLE)
            .onPostgres()
            .configure(
                b -> {
                  throw new IllegalStateException("injected: open fails");
                });

    @Test
    void neverRuns() {
      SEEN.add(new Seen("ran", null, Optional.empty()));
    }
  }

  static class ServerDoesNotStart {
    @RegisterExtension
    static final FlujoDatabase db =
        FlujoDatabase.withTables(NoteDao.TABLE)
            .onPostgres()
            .servers(
                () -> {
                  throw new IllegalStateException("injected: the embedded server did not start");
                });

    @Test
    void neverRuns() {
      SEEN.add(new Seen("ran", null, Optional.empty()));
    }
  }

  static class RawConnection {
    @RegisterExtension
    static final FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE).inMemory();

    @Test
    void rowsWrittenThroughConnectAreSeenByTheDao(StateDatabase database) throws SQLException {
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO note (id, text) VALUES ('raw', 'behind the DAO')");
      }
      assertThat(new NoteDao(database).findById("raw").orElseThrow().text())
          .isEqualTo("behind the DAO");
      SEEN.add(new Seen("raw", database, database.file()));
    }
  }

  /** Writes a note as test {@code test} and records the server database it ran on. */
  private static void write(String test, FlujoDatabase db, StateDatabase database)
      throws SQLException {
    assertThat(database.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(database.file()).isEmpty();
    NoteDao notes = new NoteDao(database);
    assertThat(notes.count()).isEqualTo(0);
    notes.insert(new Note("n-1", test, null));
    String name;
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), count(*) FROM note")) {
      assertThat(rs.next()).isTrue();
      name = rs.getString(1);
      assertThat(rs.getLong(2)).isEqualTo(1);
    }
    ON_SERVER.add(new SeenOnServer(test, database, name));
  }

  /** The names of the server's databases made by {@link PostgresServer#newDatabase()}. */
  private static Set<String> testDatabases() throws SQLException {
    PostgresServer server = PostgresServer.get();
    String probe = server.newDatabase();
    try (Connection c = server.connect(probe);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'flujo\\_test\\_%'"
                    + " AND datname <> current_database()")) {
      Set<String> names = new HashSet<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } finally {
      server.dropDatabase(probe);
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
  void onPostgresGivesEachTestAFreshServerDatabaseDroppedAfterwards() throws SQLException {
    Set<String> before = testDatabases();

    EngineExecutionResults results = run(OnPostgres.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(ON_SERVER).hasSize(2);
    assertThat(ON_SERVER.get(0).serverDatabase()).isNotEqualTo(ON_SERVER.get(1).serverDatabase());
    for (SeenOnServer seen : ON_SERVER) {
      assertThat(seen.database().isClosed()).isTrue();
      assertThat(before).doesNotContain(seen.serverDatabase());
    }
    assertThat(testDatabases()).isEqualTo(before);
  }

  @Test
  void dialectParameterSwitchesEveryExtensionThatDoesNotChooseToPostgres() throws SQLException {
    Set<String> before = testDatabases();

    run(Switchable.class, FlujoDatabase.DIALECT_PROPERTY, "postgresql")
        .testEvents()
        .assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(ON_SERVER).hasSize(1);
    assertThat(SEEN).isEmpty();
    assertThat(testDatabases()).isEqualTo(before);

    run(Switchable.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(ON_SERVER).hasSize(1);
    assertThat(SEEN).hasSize(1);
    assertDeleted(SEEN.get(0));
  }

  @Test
  void dialectSystemPropertySwitchesToPostgres() {
    String previous = System.setProperty(FlujoDatabase.DIALECT_PROPERTY, "PostgreSQL");
    try {
      run(Switchable.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    } finally {
      if (previous == null) {
        System.clearProperty(FlujoDatabase.DIALECT_PROPERTY);
      } else {
        System.setProperty(FlujoDatabase.DIALECT_PROPERTY, previous);
      }
    }
    assertThat(ON_SERVER).hasSize(1);
    assertThat(ON_SERVER.get(0).database().isClosed()).isTrue();
  }

  @Test
  void explicitDialectWinsOverTheSwitch() {
    run(PinnedToSqlite.class, FlujoDatabase.DIALECT_PROPERTY, "postgresql")
        .testEvents()
        .assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN.get(0).database().dialect()).isEqualTo(Dialect.SQLITE);
    assertDeleted(SEEN.get(0));
  }

  @Test
  void unknownDialectFailsTheTestNamingTheChoices() {
    EngineExecutionResults results =
        run(Switchable.class, FlujoDatabase.DIALECT_PROPERTY, "oracle");

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(failures(results.testEvents()).get(0))
        .hasMessageThat()
        .contains("use sqlite or postgresql");
  }

  @Test
  void failingTestOnPostgresStillDropsItsDatabaseAndKeepsItsOwnFailure() throws SQLException {
    Set<String> before = testDatabases();

    EngineExecutionResults results = run(FailingOnPostgres.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = failures(results.testEvents()).get(0);
    assertThat(failure).hasMessageThat().isEqualTo("the test's own failure");
    assertThat(failure.getSuppressed()).isEmpty();
    assertThat(ON_SERVER.get(0).database().isClosed()).isTrue();
    assertThat(testDatabases()).isEqualTo(before);
  }

  @Test
  void failedOpenOnPostgresFailsTheTestAndDropsTheDatabase() throws SQLException {
    Set<String> before = testDatabases();

    EngineExecutionResults results = run(OpenFailsOnPostgres.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(failures(results.testEvents()).get(0))
        .hasMessageThat()
        .isEqualTo("injected: open fails");
    assertThat(SEEN).isEmpty();
    assertThat(testDatabases()).isEqualTo(before);
  }

  @Test
  void serverThatCannotStartFailsTheTestInsteadOfSkippingIt() {
    EngineExecutionResults results = run(ServerDoesNotStart.class);

    results.testEvents().assertStatistics(s -> s.started(1).failed(1).aborted(0).skipped(0));
    assertThat(failures(results.testEvents()).get(0))
        .hasMessageThat()
        .contains("did not start");
    assertThat(SEEN).isEmpty();
  }

  @Test
  void connectReachesTheRunningTestsDatabase() {
    run(RawConnection.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN).hasSize(1);
  }

  @Test
  void connectOutsideATestSaysWhy() {
    FlujoDatabase db = FlujoDatabase.withTables(NoteDao.TABLE).onPostgres();

    IllegalStateException e = assertThrows(IllegalStateException.class, db::connect);
    assertThat(e).hasMessageThat().contains("no test database is open");
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
    assertThat(base.onPostgres().toString()).isEqualTo("FlujoDatabase[note] on PostgreSQL");
    assertThrows(NullPointerException.class, () -> base.dialect(null));
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
