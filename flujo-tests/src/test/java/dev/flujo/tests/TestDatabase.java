package dev.flujo.tests;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a functional test keeps its databases on one dialect: files in the test's temporary
 * directory on SQLite, or fresh databases on the JVM's {@link PostgresServer} on PostgreSQL, each
 * dropped by {@link #close()}. For tests parameterised by {@link Dialect} that open more than one
 * database or reopen one; single-database tests use {@code FlujoDatabase.dialect(d)}.
 */
public final class TestDatabase implements AutoCloseable {
  private final Dialect dialect;
  private final Path directory;
  private final Map<String, String> created = new LinkedHashMap<>();

  /** Databases of {@code dialect}; SQLite files go under {@code directory}. */
  public TestDatabase(Dialect dialect, Path directory) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.directory = directory;
  }

  /** The dialect of these databases. */
  public Dialect dialect() {
    return dialect;
  }

  /** Whether these databases are on PostgreSQL. */
  public boolean postgres() {
    return dialect == Dialect.POSTGRESQL;
  }

  /**
   * The JDBC URL of the database called {@code name}: a file under the directory on SQLite, a
   * server database created on first use on PostgreSQL.
   */
  public synchronized String url(String name) {
    if (!postgres()) {
      return "jdbc:sqlite:" + file(name);
    }
    return created.computeIfAbsent(name, n -> PostgresServer.get().newDatabase());
  }

  /** A builder of the database called {@code name}, with its location and credentials set. */
  public StateDatabase.Builder builder(String name) {
    if (!postgres()) {
      return StateDatabase.builder().file(file(name));
    }
    StateDatabase.Builder builder = StateDatabase.builder().url(url(name));
    PostgresServer server = PostgresServer.get();
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    return builder;
  }

  /** The SQLite file of the database called {@code name}. */
  public Path file(String name) {
    return directory.resolve(name + ".db");
  }

  /** A plain JDBC connection to the database called {@code name}; the caller closes it. */
  public Connection connect(String name) throws SQLException {
    return postgres()
        ? PostgresServer.get().connect(url(name))
        : DriverManager.getConnection(url(name));
  }

  /** Drops the PostgreSQL databases created; SQLite files go with the temporary directory. */
  @Override
  public synchronized void close() {
    for (String url : created.values()) {
      PostgresServer.get().dropDatabase(url);
    }
    created.clear();
  }
}
