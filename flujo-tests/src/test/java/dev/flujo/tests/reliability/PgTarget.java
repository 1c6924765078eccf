package dev.flujo.tests.reliability;

import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A PostgreSQL database the reliability suites run the {@link Ledger} on: its URL and credentials,
 * passed to child JVMs as three program arguments ({@code -} for a missing user or password).
 */
record PgTarget(String url, String user, String password) {
  /** A fresh database on the shared test server. */
  static PgTarget fresh() {
    PostgresServer server = PostgresServer.get();
    return new PgTarget(server.newDatabase(), server.user(), server.password());
  }

  /** The target named by {@code args[from]}, {@code args[from + 1]}, {@code args[from + 2]}. */
  static PgTarget fromArgs(String[] args, int from) {
    return new PgTarget(args[from], orNull(args[from + 1]), orNull(args[from + 2]));
  }

  private static String orNull(String arg) {
    return arg.equals("-") ? null : arg;
  }

  /** The three program arguments {@link #fromArgs} reads. */
  List<String> args() {
    return List.of(url, user == null ? "-" : user, password == null ? "-" : password);
  }

  /** Opens the ledger's tables with {@code poolSize} connections and {@code policy}. */
  StateDatabase open(int poolSize, RetryPolicy policy) {
    StateDatabase.Builder builder =
        StateDatabase.builder().url(url).tables(Ledger.TABLES).poolSize(poolSize);
    if (user != null) {
      builder.credentials(user, password);
    }
    if (policy != null) {
      builder.retryPolicy(policy);
    }
    return builder.open();
  }

  /** A plain JDBC connection, independent of the code under test. */
  Connection connect() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  /** Drops the database if it is on the shared test server. */
  void drop() {
    PostgresServer.get().dropDatabase(url);
  }
}
