package dev.flujo.benchmarks.stores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where a contender keeps its rows: a SQLite file, or a PostgreSQL database named by its JDBC URL
 * (with credentials). Everything that differs between the two for a hand-written contender lives
 * here: how to connect, how to pool, and how {@code created_at}/{@code updated_at} are bound and
 * read: as Flujo stores them, which the contenders follow by looking at the table Flujo created
 * (INTEGER epoch microseconds on SQLite; on PostgreSQL {@code timestamptz}, or {@code bigint}
 * epoch microseconds in runtimes that store instants that way there too).
 */
public final class Target {
  private final Path file;
  private final String url;
  private final String user;
  private final String password;
  private volatile Boolean timestamps;

  private Target(Path file, String url, String user, String password) {
    this.file = file;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A SQLite file. */
  public static Target sqlite(Path file) {
    return new Target(Objects.requireNonNull(file, "file"), null, null, null);
  }

  /** A PostgreSQL database; {@code user} and {@code password} may be null if the URL names them. */
  public static Target postgres(String url, String user, String password) {
    return new Target(null, Objects.requireNonNull(url, "url"), user, password);
  }

  /** Whether this is a PostgreSQL database. */
  public boolean isPostgres() {
    return url != null;
  }

  /** The SQLite file; null for PostgreSQL. */
  public Path file() {
    return file;
  }

  /** The PostgreSQL JDBC URL; null for SQLite. */
  public String url() {
    return url;
  }

  /** The PostgreSQL user, or null. */
  public String user() {
    return user;
  }

  /** The PostgreSQL password, or null. */
  public String password() {
    return password;
  }

  /**
   * One unpooled connection. On PostgreSQL with {@code reWriteBatchedInserts}, like Flujo's pool;
   * on SQLite with the shared file settings and {@code generatedKeys} as given.
   */
  public Connection connect(boolean generatedKeys) throws SQLException {
    if (!isPostgres()) {
      return SqliteFiles.dataSource(file, generatedKeys).getConnection();
    }
    java.util.Properties props = new java.util.Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("reWriteBatchedInserts", "true");
    return DriverManager.getConnection(url, props);
  }

  /**
   * A HikariCP pool of {@value SqliteFiles#POOL_SIZE} connections opened eagerly and never
   * retired, autocommit on; on PostgreSQL the driver's defaults plus {@code
   * reWriteBatchedInserts=true}, as Flujo's own pool sets it.
   */
  public HikariDataSource pool(String name) {
    if (!isPostgres()) {
      return SqliteFiles.pool(file, name);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMaximumPoolSize(SqliteFiles.POOL_SIZE);
    config.setMinimumIdle(SqliteFiles.POOL_SIZE);
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    config.setKeepaliveTime(0);
    config.setAutoCommit(true);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** Flujo's builder pointed at this target, with {@code WorkflowStateDao.TABLE}. */
  public StateDatabase.Builder flujo() {
    StateDatabase.Builder b = StateDatabase.builder().tables(WorkflowStateDao.TABLE);
    if (isPostgres()) {
      b.url(url);
      if (user != null) {
        b.credentials(user, password);
      }
    } else {
      b.file(file);
    }
    return b;
  }

  /**
   * Whether {@code created_at} is a {@code timestamptz} column (PostgreSQL as Flujo creates it)
   * rather than integer epoch microseconds; asked of the database once, after the table exists.
   */
  public boolean timestamps() {
    Boolean t = timestamps;
    if (t == null) {
      t = isPostgres() && columnType("created_at").startsWith("timestamp");
      timestamps = t;
    }
    return t;
  }

  private String columnType(String column) {
    try (Connection c = connect(false);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = 'workflow_state' AND column_name = ?")) {
      ps.setString(1, column);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no column workflow_state." + column + " in " + url);
        }
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binds an instant given in epoch microseconds as this database stores a timestamp. */
  public void bindTime(PreparedStatement ps, int index, long micros) throws SQLException {
    if (timestamps()) {
      ps.setObject(index, OffsetDateTime.ofInstant(JdbcRows.instant(micros), ZoneOffset.UTC));
    } else {
      ps.setLong(index, micros);
    }
  }

  /** Reads a timestamp column as an instant. */
  public Instant readTime(ResultSet rs, int index) throws SQLException {
    if (timestamps()) {
      return rs.getObject(index, OffsetDateTime.class).toInstant();
    }
    return JdbcRows.instant(rs.getLong(index));
  }

  @Override
  public String toString() {
    return isPostgres() ? url : file.toString();
  }
}
