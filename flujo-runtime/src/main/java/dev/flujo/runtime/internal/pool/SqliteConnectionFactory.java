package dev.flujo.runtime.internal.pool;

import dev.flujo.runtime.SynchronousMode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * Opens {@link PooledSqliteConnection}s configured through {@link SQLiteConfig}: WAL journal (a
 * restarted log is truncated to 64 MiB),
 * the chosen {@code synchronous} mode, {@code busy_timeout} and {@code foreign_keys=ON}. Pragmas
 * are passed as connection properties, which sqlite-jdbc applies one by one at open (a
 * multi-statement init SQL would be cut to its first statement).
 */
public final class SqliteConnectionFactory implements DataSource {
  /** Bytes a WAL file is truncated to when SQLite restarts it ({@code journal_size_limit}). */
  static final int JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

  private final DatabaseLocation location;
  private final Properties properties;
  private int loginTimeout;

  /** Creates a factory for a location with the given settings. */
  public SqliteConnectionFactory(
      DatabaseLocation location, SynchronousMode synchronous, int busyTimeoutMillis) {
    this.location = location;
    SQLiteConfig config = new SQLiteConfig();
    if (!location.isMemory()) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
    }
    config.setSynchronous(
        synchronous == SynchronousMode.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(busyTimeoutMillis);
    config.enforceForeignKeys(true);
    // Generated DAOs never call getGeneratedKeys(), and WITHOUT ROWID tables have no rowid; left
    // on, sqlite-jdbc runs SELECT last_insert_rowid() after every INSERT executeUpdate().
    config.setGetGeneratedKeys(false);
    this.properties = config.toProperties();
  }

  /** The location connections open. */
  public DatabaseLocation location() {
    return location;
  }

  /** Opens a new physical connection. */
  public PooledSqliteConnection open() throws SQLException {
    return new PooledSqliteConnection(location.url(), location.address(), properties);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return open();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return open();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
