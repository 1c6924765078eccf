package dev.flujo.runtime.internal.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.flujo.runtime.internal.pool.PoolGauges;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HikariCP pool of a PostgreSQL database: the PostgreSQL JDBC driver with server-side
 * prepared statements (after the driver's default five uses of a statement), batched inserts
 * rewritten into multi-row statements, TCP keep-alive, and each connection's default isolation
 * set to the database's. The pool replaces connections the server dropped on its own, so the
 * application recovers after a server restart without reopening.
 */
public final class PgPool implements PoolGauges {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final HikariDataSource dataSource;
  private final String name;

  /**
   * Starts a pool on {@code url}.
   *
   * @param lockTimeout how long a statement waits for a row or table lock before it fails as
   *     transient ({@code lock_timeout}; zero waits for ever, deadlocks are still detected)
   * @param isolation the {@link Connection} isolation constant of every transaction
   * @throws SQLException if no connection can be made
   */
  public PgPool(
      String url,
      String user,
      String password,
      int size,
      Duration connectionTimeout,
      Duration leakDetection,
      Duration lockTimeout,
      int isolation)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    this.name = "flujo-pg-" + POOLS.incrementAndGet();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(size, 2));
    config.setAutoCommit(true);
    config.setTransactionIsolation(isolationName(isolation));
    config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(5000, connectionTimeout.toMillis())));
    if (leakDetection != null && !leakDetection.isZero()) {
      config.setLeakDetectionThreshold(Math.max(2000, leakDetection.toMillis()));
    }
    config.setInitializationFailTimeout(1);
    config.setConnectionInitSql("SET lock_timeout = " + lockTimeout.toMillis());
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "flujo");
    try {
      this.dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw new SQLException("cannot connect to " + PgUrls.redact(url) + ": " + e.getMessage(), "08001", e);
    }
  }

  private static String isolationName(int isolation) {
    switch (isolation) {
      case Connection.TRANSACTION_READ_COMMITTED:
        return "TRANSACTION_READ_COMMITTED";
      case Connection.TRANSACTION_REPEATABLE_READ:
        return "TRANSACTION_REPEATABLE_READ";
      default:
        return "TRANSACTION_SERIALIZABLE";
    }
  }

  /** The pool's name, as it appears in logs and time-out messages. */
  public String name() {
    return name;
  }

  /** A pooled connection; close it to give it back. */
  public Connection borrow() throws SQLException {
    return dataSource.getConnection();
  }

  private HikariPoolMXBean bean() {
    return dataSource.getHikariPoolMXBean();
  }

  @Override
  public int active() {
    HikariPoolMXBean b = bean();
    return b == null ? 0 : b.getActiveConnections();
  }

  @Override
  public int idle() {
    HikariPoolMXBean b = bean();
    return b == null ? 0 : b.getIdleConnections();
  }

  @Override
  public int waiting() {
    HikariPoolMXBean b = bean();
    return b == null ? 0 : b.getThreadsAwaitingConnection();
  }

  @Override
  public int total() {
    HikariPoolMXBean b = bean();
    return b == null ? 0 : b.getTotalConnections();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
