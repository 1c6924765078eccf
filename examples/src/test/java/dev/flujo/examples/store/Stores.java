package dev.flujo.examples.store;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Opens stores on files for a test and closes them after it. */
final class Stores implements AutoCloseable {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  final Path dir;
  final MutableClock clock = new MutableClock(T0);
  private final List<StateDatabase> opened = new ArrayList<>();

  Stores(Path dir) {
    this.dir = dir;
  }

  Path file() {
    return dir.resolve("state.db");
  }

  /** A database on {@link #file()} with the store's tables and the test clock. */
  StateDatabase open() {
    return open(b -> b);
  }

  StateDatabase open(UnaryOperator<StateDatabase.Builder> configure) {
    StateDatabase db =
        configure
            .apply(
                StateDatabase.builder()
                    .file(file())
                    .clock(clock)
                    .tables(SqliteWorkflowStateStore.TABLES))
            .open();
    opened.add(db);
    return db;
  }

  /** A store, without the retry wrapper, on a new database over {@link #file()}. */
  SqliteWorkflowStateStore store() {
    return new SqliteWorkflowStateStore(open());
  }

  /** A plain JDBC connection to the file, as another process would have. */
  Connection connect() throws SQLException {
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

  @Override
  public void close() {
    opened.forEach(StateDatabase::close);
  }
}
