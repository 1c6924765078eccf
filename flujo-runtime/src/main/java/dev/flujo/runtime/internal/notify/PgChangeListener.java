package dev.flujo.runtime.internal.notify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the commits of every Flujo client of a PostgreSQL database, on any host: writers send
 * {@code NOTIFY flujo_changes, '<origin>|<tables>'} inside the writing transaction, so it is
 * delivered only if the transaction commits; this thread {@code LISTEN}s on its own connection and
 * announces other origins' tables to the hub. A lost connection is reopened with backoff, and
 * after every reconnect every table is announced, since changes made while it was away were not
 * heard.
 */
public final class PgChangeListener implements AutoCloseable {
  /** The channel writers notify and listeners listen on. */
  public static final String CHANNEL = "flujo_changes";

  private static final Logger LOG = LoggerFactory.getLogger(PgChangeListener.class);

  private final String url;
  private final String user;
  private final String password;
  private final String origin;
  private final ChangeHub hub;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  /** Starts listening for {@code hub}, ignoring notifications of {@code origin} (this process). */
  public PgChangeListener(
      String url, String user, String password, String origin, ChangeHub hub, String name) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.origin = origin;
    this.hub = hub;
    this.thread = new Thread(this::run, "flujo-listen-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The payload a writer of {@code origin} sends for {@code tables} (null: unknown tables). */
  public static String payload(String origin, String tables) {
    return origin + "|" + (tables == null ? ChangeHub.ALL : tables.toLowerCase(Locale.ROOT));
  }

  private void run() {
    long backoff = 50;
    boolean first = true;
    while (!closed) {
      try (Connection c =
          user == null
              ? DriverManager.getConnection(url)
              : DriverManager.getConnection(url, user, password)) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          LOG.info("listening for changes again after a lost connection; announcing every table");
          hub.committed(Set.of(ChangeHub.ALL));
        }
        first = false;
        backoff = 50;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications == null) {
            continue;
          }
          Set<String> tables = new HashSet<>();
          for (PGNotification n : notifications) {
            String p = n.getParameter();
            int bar = p.indexOf('|');
            if (bar < 0 || p.substring(0, bar).equals(origin)) {
              continue;
            }
            tables.addAll(Arrays.asList(p.substring(bar + 1).split(",")));
          }
          hub.committed(tables);
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        first = false;
        LOG.debug("the change listener lost its connection; reconnecting in {} ms", backoff, e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(2000, backoff * 2);
      } finally {
        connection = null;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing the change listener's connection failed", e);
      }
    }
    thread.interrupt();
  }
}
