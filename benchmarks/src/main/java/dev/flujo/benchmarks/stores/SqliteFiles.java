package dev.flujo.benchmarks.stores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one set of SQLite file settings every contender runs with, matching Flujo's defaults: WAL
 * with {@code journal_size_limit} 64 MiB, {@code synchronous=NORMAL}, {@code busy_timeout=5000},
 * {@code foreign_keys=ON}; pools of {@value #POOL_SIZE} connections; and the one schema, {@code
 * WorkflowStateDao.TABLE}'s DDL.
 */
public final class SqliteFiles {
  /** Connections in every pool, Flujo's default. */
  public static final int POOL_SIZE = 8;

  /** SQLite's busy timeout, Flujo's default. */
  public static final int BUSY_TIMEOUT_MILLIS = 5000;

  /** {@code journal_size_limit}, Flujo's: a restarted WAL is truncated to 64 MiB. */
  public static final int JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

  private static final int LOAD_BATCH = 256;
  private static final int LOAD_COMMIT = 50_000;

  private SqliteFiles() {}

  /** The JDBC URL of a file. */
  public static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /** A non-pooled data source whose connections carry the shared settings. */
  public static SQLiteDataSource dataSource(Path file) {
    return dataSource(file, true);
  }

  /**
   * A non-pooled data source with the shared settings; {@code generatedKeys} is sqlite-jdbc's
   * {@code getGeneratedKeys} support (on by default), which runs {@code SELECT last_insert_rowid()}
   * after every {@code INSERT} executed with {@code executeUpdate}.
   */
  public static SQLiteDataSource dataSource(Path file, boolean generatedKeys) {
    SQLiteConfig config = new SQLiteConfig();
    config.setGetGeneratedKeys(generatedKeys);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url(file));
    return ds;
  }

  /** One connection with the shared settings. */
  public static Connection open(Path file) throws SQLException {
    return dataSource(file).getConnection();
  }

  /**
   * A HikariCP pool over the file, configured like Flujo's: {@value #POOL_SIZE} connections opened
   * eagerly and never retired, autocommit on.
   */
  public static HikariDataSource pool(Path file, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(dataSource(file));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    config.setKeepaliveTime(0);
    config.setAutoCommit(true);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** Creates the table and its indexes from {@code WorkflowStateDao.TABLE}, if missing. */
  public static void create(Path file) throws SQLException {
    try (Connection c = open(file);
        Statement s = c.createStatement()) {
      s.execute(WorkflowStateDao.TABLE.createTableSql());
      for (String index : WorkflowStateDao.TABLE.createIndexSql()) {
        s.execute(index);
      }
    }
  }

  /**
   * Writes rows {@code 0..count-1} of {@link Rows} with their own timestamps, outside any
   * contender, so that every contender starts from the same file content. Commits every {@value
   * #LOAD_COMMIT} rows, so that a million-row file needs no large WAL.
   */
  public static void load(Path file, int count) throws SQLException {
    try (Connection c = open(file);
        PreparedStatement ps = c.prepareStatement(Sql.UPSERT)) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        WorkflowState row = Rows.row(i, 0);
        JdbcRows.bind(ps, row, JdbcRows.micros(row.createdAt()), JdbcRows.micros(row.updatedAt()));
        ps.addBatch();
        if ((i + 1) % LOAD_BATCH == 0 || i == count - 1) {
          ps.executeBatch();
        }
        if ((i + 1) % LOAD_COMMIT == 0) {
          c.commit();
        }
      }
      c.commit();
    }
  }
}
