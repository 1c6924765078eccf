package dev.flujo.examples.store;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Opens stores for a test and closes them after it: on a file in {@code dir} (SQLite), or on one
 * fresh database of the JVM's {@link PostgresServer}, dropped by {@link #close()}.
 */
final class Stores implements AutoCloseable {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  final Path dir;
  final Dialect dialect;
  final MutableClock clock = new MutableClock(T0);
  private final List<StateDatabase> opened = new ArrayList<>();
  private String serverUrl;

  Stores(Path dir) {
    this(dir, Dialect.SQLITE);
  }

  Stores(Path dir, Dialect dialect) {
    this.dir = dir;
    this.dialect = dialect;
  }

  private String serverUrl() {
    if (serverUrl == null) {
      serverUrl = PostgresServer.get().newDatabase();
    }
    return serverUrl;
  }

  Path file() {
    return dir.resolve("state.db");
  }

  /** A database on {@link #file()} with the store's tables and the test clock. */
  StateDatabase open() {
    return open(b -> b);
  }

  StateDatabase open(UnaryOperator<StateDatabase.Builder> configure) {
    StateDatabase.Builder builder = StateDatabase.builder();
    if (dialect == Dialect.POSTGRESQL) {
      builder.url(serverUrl());
      PostgresServer server = PostgresServer.get();
      if (server.user() != null) {
        builder.credentials(server.user(), server.password());
      }
    } else {
      builder.file(file());
    }
    StateDatabase db =
        configure.apply(builder.clock(clock).tables(SqliteWorkflowStateStore.TABLES)).open();
    opened.add(db);
    return db;
  }

  /** A store, without the retry wrapper, on a new database over {@link #file()}. */
  SqliteWorkflowStateStore store() {
    return new SqliteWorkflowStateStore(open());
  }

  /** A plain JDBC connection to the database, as another process would have. */
  Connection connect() throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      return PostgresServer.get().connect(serverUrl());
    }
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  /** Runs statements on a plain connection. */
  void sql(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Closes the databases opened so far; the data stays for the next {@link #open()}. */
  void closeDatabases() {
    opened.forEach(StateDatabase::close);
    opened.clear();
  }

  @Override
  public void close() {
    closeDatabases();
    if (serverUrl != null) {
      PostgresServer.get().dropDatabase(serverUrl);
      serverUrl = null;
    }
  }
}
