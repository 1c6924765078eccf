package dev.flujo.test;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh, open {@link StateDatabase} with the tables it
 * names, on a file in a new temporary directory (or in memory), and closes it and deletes its
 * files after the test.
 *
 * <pre>{@code
 * class OrderDaoTest {
 *   @RegisterExtension
 *   static final FlujoDatabase db = FlujoDatabase.withTables(OrderDao.TABLE)
 *       .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
 *
 *   @Test
 *   void upsertThenFind(StateDatabase database) {       // injected, or db.database()
 *     OrderDao orders = new OrderDao(database);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The database is opened before the test class's {@code @BeforeEach} methods run and closed
 * after its {@code @AfterEach} methods, so both may use it. A failure to close it or to delete its
 * files fails the test (added as suppressed to the test's own failure, if any); nothing is
 * swallowed.
 *
 * <p>Instances are immutable: each option returns a new extension, so one may be kept in a {@code
 * static final} field. Test methods running in parallel each get their own database; {@link
 * #database()} finds the one of the calling thread (or the only one open), and a {@code
 * StateDatabase} parameter always gets the one of its own test.
 *
 * <p>The same test runs on PostgreSQL with {@link #onPostgres()}, or for every extension that
 * does not choose a dialect itself with the system property (or JUnit configuration parameter)
 * {@value #DIALECT_PROPERTY}{@code =postgresql}: each test then gets a fresh database on the
 * {@link PostgresServer} of the JVM (embedded, or the one named by {@value
 * PostgresServer#URL_PROPERTY}), created before the test and dropped after it. If the server cannot
 * start, the test fails; it never skips.
 */
public final class FlujoDatabase implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /**
   * The system property or JUnit configuration parameter choosing the dialect of every extension
   * that does not choose one itself: {@code sqlite} (the default) or {@code postgresql}.
   */
  public static final String DIALECT_PROPERTY = "flujo.test.dialect";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FlujoDatabase.class);

  private final List<TableDefinition> tables;
  private final boolean inMemory;
  private final Clock clock;
  private final List<Consumer<StateDatabase.Builder>> customizers;
  private final Path directory;
  private final Remover remover;
  private final Dialect dialect;
  private final Supplier<PostgresServer> servers;

  private final ThreadLocal<Opened> current = new ThreadLocal<>();
  private final Set<Opened> open = ConcurrentHashMap.newKeySet();

  private FlujoDatabase(
      List<TableDefinition> tables,
      boolean inMemory,
      Clock clock,
      List<Consumer<StateDatabase.Builder>> customizers,
      Path directory,
      Remover remover,
      Dialect dialect,
      Supplier<PostgresServer> servers) {
    this.tables = List.copyOf(tables);
    this.inMemory = inMemory;
    this.clock = clock;
    this.customizers = List.copyOf(customizers);
    this.directory = directory;
    this.remover = remover;
    this.dialect = dialect;
    this.servers = servers;
  }

  /**
   * An extension whose databases are created with {@code tables}: the {@code TABLE} constants of
   * generated DAOs.
   */
  public static FlujoDatabase withTables(TableDefinition... tables) {
    for (TableDefinition t : tables) {
      Objects.requireNonNull(t, "table");
    }
    return new FlujoDatabase(
        Arrays.asList(tables),
        false,
        null,
        List.of(),
        null,
        FlujoDatabase::deleteTree,
        null,
        PostgresServer::get);
  }

  /**
   * The same extension with databases in memory instead of on a file: faster, but without the
   * file's WAL, so tests of concurrency, durability or file handling should keep the default.
   * SQLite only: on PostgreSQL each test gets its own server database whatever this says.
   */
  public FlujoDatabase inMemory() {
    return new FlujoDatabase(
        tables, true, clock, customizers, directory, remover, dialect, servers);
  }

  /**
   * The same extension with temporary directories created under {@code parent} instead of the
   * system's temporary directory (SQLite only).
   */
  public FlujoDatabase directory(Path parent) {
    Objects.requireNonNull(parent, "parent");
    return new FlujoDatabase(
        tables, inMemory, clock, customizers, parent, remover, dialect, servers);
  }

  /** The same extension with {@code clock} as the databases' clock ({@code @CreatedAt}...). */
  public FlujoDatabase clock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new FlujoDatabase(
        tables, inMemory, clock, customizers, directory, remover, dialect, servers);
  }

  /** The same extension with a clock fixed at {@code instant} (UTC). */
  public FlujoDatabase fixedClock(Instant instant) {
    return clock(Clock.fixed(instant, ZoneOffset.UTC));
  }

  /**
   * The same extension with {@code customizer} applied to each database's builder just before it
   * is opened, after the location, tables and clock are set (and after earlier customizers): for
   * pool size, retry policy, migrations and the rest of {@link StateDatabase.Builder}.
   */
  public FlujoDatabase configure(Consumer<StateDatabase.Builder> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    List<Consumer<StateDatabase.Builder>> all = new ArrayList<>(customizers);
    all.add(customizer);
    return new FlujoDatabase(
        tables, inMemory, clock, all, directory, remover, dialect, servers);
  }

  /**
   * The same extension with databases on PostgreSQL: each test gets a fresh database on {@link
   * PostgresServer#get()}, created before it and dropped (with any connection left open) after
   * it. The server starts on first use; if it cannot, the test fails.
   */
  public FlujoDatabase onPostgres() {
    return dialect(Dialect.POSTGRESQL);
  }

  /**
   * The same extension with databases of {@code dialect}, whatever {@value #DIALECT_PROPERTY}
   * says: for a test class parameterised by dialect, or one that must stay on SQLite.
   */
  public FlujoDatabase dialect(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    return new FlujoDatabase(
        tables, inMemory, clock, customizers, directory, remover, dialect, servers);
  }

  /** The same extension taking its PostgreSQL server from {@code servers}; for tests. */
  FlujoDatabase servers(Supplier<PostgresServer> servers) {
    return new FlujoDatabase(
        tables, inMemory, clock, customizers, directory, remover, dialect, servers);
  }

  /** The same extension deleting files with {@code remover}; for this module's tests. */
  FlujoDatabase remover(Remover remover) {
    return new FlujoDatabase(
        tables, inMemory, clock, customizers, directory, remover, dialect, servers);
  }

  /**
   * The database of the running test: the one opened on the calling thread, or else the only one
   * open.
   *
   * @throws IllegalStateException outside a test, or on a thread of no test while several tests
   *     run in parallel (take a {@code StateDatabase} parameter instead)
   */
  public StateDatabase database() {
    return opened().database;
  }

  /**
   * A new plain JDBC connection to the running test's database, found as {@link #database()}
   * finds it; the caller closes it. For writing or reading rows behind the DAOs' back.
   *
   * @throws IllegalStateException as {@link #database()} does
   */
  public Connection connect() throws SQLException {
    Opened opened = opened();
    if (opened.serverUrl != null) {
      return opened.server.connect(opened.serverUrl);
    }
    return DriverManager.getConnection(opened.sqliteUrl);
  }

  private Dialect dialectOf(ExtensionContext context) {
    return dialect != null
        ? dialect
        : parseDialect(
            context
                .getConfigurationParameter(DIALECT_PROPERTY)
                .orElseGet(() -> System.getProperty(DIALECT_PROPERTY)));
  }

  private static Dialect parseDialect(String value) {
    if (value == null || value.isBlank()) {
      return Dialect.SQLITE;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "sqlite":
        return Dialect.SQLITE;
      case "postgresql":
      case "postgres":
        return Dialect.POSTGRESQL;
      default:
        throw new IllegalArgumentException(
            DIALECT_PROPERTY + "=" + value + " names no dialect: use sqlite or postgresql");
    }
  }

  private Opened opened() {
    Opened mine = current.get();
    if (mine != null) {
      return mine;
    }
    List<Opened> all = new ArrayList<>(open);
    if (all.size() == 1) {
      return all.get(0);
    }
    if (all.isEmpty()) {
      throw new IllegalStateException(
          "no test database is open: database() works from a test, its @BeforeEach or @AfterEach"
              + " methods, with this FlujoDatabase registered through @RegisterExtension");
    }
    throw new IllegalStateException(
        all.size()
            + " test databases are open (tests running in parallel) and none on thread "
            + Thread.currentThread().getName()
            + ": take a StateDatabase parameter in the test method and pass it on");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Path dir = null;
    PostgresServer server = null;
    String serverUrl = null;
    String sqliteUrl = null;
    StateDatabase.Builder builder = StateDatabase.builder().tables(tables);
    if (dialectOf(context) == Dialect.POSTGRESQL) {
      server = servers.get();
      serverUrl = server.newDatabase();
      builder.url(serverUrl);
      if (server.user() != null) {
        builder.credentials(server.user(), server.password());
      }
    } else if (inMemory) {
      String name = "flujo-test-" + UUID.randomUUID();
      builder.inMemory(name);
      sqliteUrl = "jdbc:sqlite:file:" + name + "?mode=memory&cache=shared";
    } else {
      dir =
          directory == null
              ? Files.createTempDirectory("flujo-test-")
              : Files.createTempDirectory(Files.createDirectories(directory), "flujo-test-");
      Path file = dir.resolve(fileName(context));
      builder.file(file);
      sqliteUrl = "jdbc:sqlite:" + file;
    }
    if (clock != null) {
      builder.clock(clock);
    }
    StateDatabase database;
    try {
      for (Consumer<StateDatabase.Builder> c : customizers) {
        c.accept(builder);
      }
      database = builder.open();
    } catch (RuntimeException | Error e) {
      if (dir != null) {
        try {
          remover.remove(dir);
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      if (serverUrl != null) {
        try {
          server.dropDatabase(serverUrl);
        } catch (RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    Opened opened = new Opened(database, dir, sqliteUrl, server, serverUrl);
    context.getStore(NAMESPACE).put(this, opened);
    open.add(opened);
    current.set(opened);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Opened opened = context.getStore(NAMESPACE).remove(this, Opened.class);
    current.remove();
    if (opened == null) {
      return;
    }
    open.remove(opened);
    RuntimeException failure = null;
    try {
      opened.database.close();
    } catch (RuntimeException e) {
      failure = new IllegalStateException("closing the test database " + opened.database + " failed", e);
    }
    if (opened.directory != null) {
      try {
        remover.remove(opened.directory);
      } catch (IOException | RuntimeException e) {
        IllegalStateException deletion =
            new IllegalStateException(
                "deleting the test database directory " + opened.directory + " failed", e);
        if (failure == null) {
          failure = deletion;
        } else {
          failure.addSuppressed(deletion);
        }
      }
    }
    if (opened.serverUrl != null) {
      try {
        opened.server.dropDatabase(opened.serverUrl);
      } catch (RuntimeException e) {
        IllegalStateException drop =
            new IllegalStateException(
                "dropping the test database " + opened.serverUrl + " failed", e);
        if (failure == null) {
          failure = drop;
        } else {
          failure.addSuppressed(drop);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether the parameter is a {@link StateDatabase} of a test method or its lifecycle methods. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == StateDatabase.class
        && context.getTestMethod().isPresent();
  }

  /** The running test's database. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Opened opened = context.getStore(NAMESPACE).get(this, Opened.class);
    if (opened == null) {
      throw new ParameterResolutionException(
          "no test database is open for " + context.getDisplayName()
              + " (a @BeforeAll or constructor parameter cannot take one)");
    }
    return opened.database;
  }

  @Override
  public String toString() {
    return "FlujoDatabase" + tables.stream().map(TableDefinition::name).toList()
        + (dialect == Dialect.POSTGRESQL ? " on PostgreSQL" : inMemory ? " in memory" : "");
  }

  private static String fileName(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("test");
    return method.replaceAll("[^A-Za-z0-9_-]", "_") + ".db";
  }

  private static void deleteTree(Path root) throws IOException {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // the test removed the directory itself
    }
  }

  /** Deletes a directory and everything in it. */
  @FunctionalInterface
  interface Remover {
    void remove(Path directory) throws IOException;
  }

  private record Opened(
      StateDatabase database,
      Path directory,
      String sqliteUrl,
      PostgresServer server,
      String serverUrl) {}
}
