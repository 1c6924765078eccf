package dev.flujo.runtime.internal.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The HikariCP pool of one database. Connections are opened eagerly, never retired by age (a
 * local file has no server-side time-outs) and handed out as Hikari proxies; {@link
 * #physical(Connection)} reaches the {@link PooledSqliteConnection} behind a proxy for its
 * statement cache.
 */
public final class ConnectionPool implements PoolGauges {
  private final HikariDataSource dataSource;
  private final String name;
  private final int size;

  /** Starts a pool of {@code size} connections made by {@code factory}. */
  public ConnectionPool(
      SqliteConnectionFactory factory, int size, Duration connectionTimeout, Duration leakDetection) {
    HikariConfig config = new HikariConfig();
    this.name = "flujo-" + factory.location().displayName();
    this.size = size;
    config.setPoolName(name);
    config.setDataSource(factory);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    config.setKeepaliveTime(0);
    config.setAutoCommit(true);
    config.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(5000, connectionTimeout.toMillis())));
    if (leakDetection != null && !leakDetection.isZero()) {
      config.setLeakDetectionThreshold(Math.max(2000, leakDetection.toMillis()));
    }
    config.setInitializationFailTimeout(1);
    this.dataSource = new HikariDataSource(config);
  }

  /** The pool's name, as it appears in logs and time-out messages. */
  public String name() {
    return name;
  }

  /**
   * Borrows a connection. Throws {@link java.sql.SQLTransientConnectionException} when none
   * frees up within the connection time-out.
   */
  public Connection borrow() throws SQLException {
    return dataSource.getConnection();
  }

  /** The physical connection behind a borrowed proxy. */
  public static PooledSqliteConnection physical(Connection borrowed) throws SQLException {
    return borrowed.unwrap(PooledSqliteConnection.class);
  }

  /** Removes a borrowed connection from the pool for good; its state is unknown. */
  public void evict(Connection borrowed) {
    dataSource.evictConnection(borrowed);
  }

  /** The most connections the pool holds. */
  public int size() {
    return size;
  }

  /** Connections borrowed now. */
  public int active() {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getActiveConnections();
  }

  /** Connections idle now. */
  public int idle() {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getIdleConnections();
  }

  /** Threads waiting for a connection now. */
  public int waiting() {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getThreadsAwaitingConnection();
  }

  /** Connections open now. */
  public int total() {
    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
    return pool == null ? 0 : pool.getTotalConnections();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
