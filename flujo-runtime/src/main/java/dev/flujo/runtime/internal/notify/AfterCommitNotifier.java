package dev.flujo.runtime.internal.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other PostgreSQL clients about committed writes after the commit, from a thread of its
 * own: the tables committed since its last round (rounds at least 2 ms apart) go out in one {@code
 * NOTIFY}, in a transaction with {@code synchronous_commit} off. Writers never send {@code NOTIFY} themselves, so their
 * commits do not take the server-wide lock PostgreSQL holds for notifying transactions until
 * their commit is flushed; this thread's own transactions hold it only briefly, since they do not
 * wait for a flush. A failed round is retried, with backoff, until it succeeds or the database
 * closes; a process that dies between a commit and the round that announces it loses that
 * announcement.
 */
public final class AfterCommitNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AfterCommitNotifier.class);
  private static final int MAX_PAYLOAD = 7_000;
  /** The shortest time between two rounds: under many commits, each round carries several. */
  private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /** Where the notifier takes a connection for a round, and gives it back by closing it. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** A connection in autocommit mode; closing it gives it back. */
    Connection get() throws SQLException;
  }

  private final ConnectionSource connections;
  private final String origin;
  private final String name;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final Semaphore work = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean sending;
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * A notifier announcing as {@code origin}, taking connections from {@code connections}; its
   * thread starts with the first commit.
   */
  public AfterCommitNotifier(ConnectionSource connections, String origin, String name) {
    this.connections = connections;
    this.origin = origin;
    this.name = name;
    this.thread = new Thread(this::run, "flujo-notify-" + name);
    thread.setDaemon(true);
  }

  /** Announces {@code table}, just committed, in the next round. */
  public void committed(String table) {
    if (pending.add(table)) {
      wake();
    }
  }

  private void wake() {
    if (!started.get() && started.compareAndSet(false, true)) {
      thread.start();
    }
    work.release();
  }

  /** Announces {@code tables}, just committed, in the next round. */
  public void committed(Set<String> tables) {
    boolean added = false;
    for (String t : tables) {
      added |= pending.add(t);
    }
    if (added) {
      wake();
    }
  }

  private void run() {
    long backoff = 50;
    long lastRound = System.nanoTime() - MIN_GAP_NANOS;
    while (true) {
      try {
        work.acquire();
        long gap = lastRound + MIN_GAP_NANOS - System.nanoTime();
        if (gap > 0 && !closed) {
          TimeUnit.NANOSECONDS.sleep(gap);
        }
        work.drainPermits();
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      while (!pending.isEmpty()) {
        lastRound = System.nanoTime();
        if (round()) {
          backoff = 50;
        } else if (closed) {
          return;
        } else {
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException e) {
            if (closed) {
              return;
            }
          }
          backoff = Math.min(backoff * 2, 2_000);
        }
      }
      if (closed) {
        return;
      }
    }
  }

  /** Sends one round; false (the tables kept for the next) if it failed. */
  private boolean round() {
    sending = true;
    try {
      return send();
    } finally {
      sending = false;
    }
  }

  private boolean send() {
    Set<String> tables = new TreeSet<>();
    for (String t : pending) {
      if (pending.remove(t)) {
        tables.add(t);
      }
    }
    if (tables.isEmpty()) {
      return true;
    }
    try (Connection c = connections.get()) {
      c.setAutoCommit(false);
      try {
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL synchronous_commit = off");
        }
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          for (String payload : payloads(tables)) {
            notify.setString(1, PgChangeListener.CHANNEL);
            notify.setString(2, payload);
            notify.execute();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      pending.addAll(tables);
      if (!closed) {
        LOG.warn(
            "{}: telling other clients that {} changed failed; retrying", name, tables, e);
      }
      return false;
    }
  }

  private List<String> payloads(Set<String> tables) {
    List<String> out = new ArrayList<>();
    StringBuilder joined = new StringBuilder();
    for (String t : tables) {
      if (joined.length() > 0 && joined.length() + t.length() + 1 > MAX_PAYLOAD) {
        out.add(PgChangeListener.payload(origin, joined.toString()));
        joined.setLength(0);
      }
      if (joined.length() > 0) {
        joined.append(',');
      }
      joined.append(t);
    }
    out.add(PgChangeListener.payload(origin, joined.toString()));
    return out;
  }

  /**
   * Sends what is pending, waiting up to {@code millis} for it, then stops the thread. Called
   * before the connections it uses are closed.
   */
  public void close(long millis) {
    if (!started.get()) {
      closed = true;
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    while ((sending || !pending.isEmpty()) && System.nanoTime() - deadline < 0) {
      work.release();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!pending.isEmpty()) {
      LOG.warn("{}: closed before telling other clients that {} changed", name, pending);
    }
  }

  @Override
  public void close() {
    close(0);
  }
}
