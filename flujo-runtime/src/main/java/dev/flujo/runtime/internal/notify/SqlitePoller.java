package dev.flujo.runtime.internal.notify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices commits made to a SQLite file by other processes (and by other databases of this JVM on
 * the same file): it reads {@code PRAGMA data_version} on its own connection every interval, and
 * when it changed announces every table, since SQLite does not say which. Commits of this
 * database change it too, so a change may be announced twice; never is one missed.
 */
public final class SqlitePoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqlitePoller.class);

  private final Callable<Connection> connect;
  private final ChangeHub hub;
  private final long intervalMillis;
  private final Thread thread;
  private volatile boolean closed;

  /** Starts polling every {@code interval} on connections made by {@code connect}. */
  public SqlitePoller(Callable<Connection> connect, ChangeHub hub, Duration interval, String name) {
    this.connect = connect;
    this.hub = hub;
    this.intervalMillis = Math.max(1, interval.toMillis());
    this.thread = new Thread(this::run, "flujo-poll-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long last = Long.MIN_VALUE;
    while (!closed) {
      try (Connection c = connect.call();
          Statement s = c.createStatement()) {
        while (!closed) {
          long version;
          try (ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            version = rs.getLong(1);
          }
          if (last != Long.MIN_VALUE && version != last) {
            hub.committed(Set.of(ChangeHub.ALL));
          }
          last = version;
          Thread.sleep(intervalMillis);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) {
          return;
        }
        LOG.debug("polling for other processes' changes failed; trying again", e);
        // a new connection starts a new data_version sequence: announce, so nothing is missed
        if (last != Long.MIN_VALUE) {
          hub.committed(Set.of(ChangeHub.ALL));
        }
        last = Long.MIN_VALUE;
        try {
          Thread.sleep(Math.max(100, intervalMillis));
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
