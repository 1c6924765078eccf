package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Fresh databases for the benchmarks, the same for every contender: a SQLite file, or on
 * PostgreSQL a new database on one server. Which one is chosen by the system property {@value
 * #DATABASE_PROPERTY} ({@code sqlite}, the default, or {@code postgresql}); the PostgreSQL server
 * is {@link PostgresServer}'s: the one named by {@code -Dflujo.test.postgres.url} (with {@code
 * flujo.test.postgres.user}/{@code .password}), which the runner sets for every JVM it forks after
 * starting an embedded server itself or taking the user's {@code --url}.
 */
public final class Databases {
  /** The system property choosing the database of every fork and harness. */
  public static final String DATABASE_PROPERTY = "flujo.bench.database";

  private static final int LOAD_BATCH = 256;

  private Databases() {}

  /** Whether {@value #DATABASE_PROPERTY} chooses PostgreSQL. */
  public static boolean postgres() {
    String value = System.getProperty(DATABASE_PROPERTY, "sqlite").toLowerCase(Locale.ROOT);
    switch (value) {
      case "sqlite":
        return false;
      case "postgresql":
      case "postgres":
        return true;
      default:
        throw new IllegalArgumentException(
            "-D" + DATABASE_PROPERTY + "=" + value + ": expected sqlite or postgresql");
    }
  }

  /**
   * A fresh database holding the schema and rows {@code 0..rows-1}: {@code dir/name.db} on SQLite,
   * a new database on the PostgreSQL server otherwise.
   */
  public static Target fresh(Path dir, String name, int rows) throws Exception {
    if (!postgres()) {
      Path file = dir.resolve(name + ".db");
      SqliteFiles.create(file);
      SqliteFiles.load(file, rows);
      return Target.sqlite(file);
    }
    PostgresServer server = PostgresServer.get();
    Target target = Target.postgres(server.newDatabase(), server.user(), server.password());
    create(target);
    load(target, rows);
    return target;
  }

  /** Removes a database made by {@link #fresh}: a PostgreSQL database is dropped; files stay. */
  public static void drop(Target target) {
    if (target != null && target.isPostgres()) {
      PostgresServer.get().dropDatabase(target.url());
    }
  }

  /**
   * Creates the table and its indexes from {@code WorkflowStateDao.TABLE}: on SQLite with its
   * DDL, on PostgreSQL by opening Flujo on the database once, which creates them with the
   * PostgreSQL DDL of the same definition (and its own metadata table).
   */
  public static void create(Target target) throws SQLException {
    if (!target.isPostgres()) {
      SqliteFiles.create(target.file());
      return;
    }
    try (StateDatabase db = target.flujo().poolSize(1).open()) {
      db.dialect();
    }
  }

  /** Writes rows {@code 0..count-1} of {@link Rows} with their own timestamps, outside any contender. */
  public static void load(Target target, int count) throws SQLException {
    if (!target.isPostgres()) {
      SqliteFiles.load(target.file(), count);
      return;
    }
    try (Connection c = target.connect(false);
        PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        WorkflowState row = Rows.row(i, 0);
        JdbcRows.bind(
            target, ps, row, JdbcRows.micros(row.createdAt()), JdbcRows.micros(row.updatedAt()));
        ps.addBatch();
        if ((i + 1) % LOAD_BATCH == 0 || i == count - 1) {
          ps.executeBatch();
        }
      }
      c.commit();
    }
    try (Connection c = target.connect(false);
        Statement s = c.createStatement()) {
      s.execute("ANALYZE \"workflow_state\"");
    }
  }
}
