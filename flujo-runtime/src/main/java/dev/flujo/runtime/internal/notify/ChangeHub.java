package dev.flujo.runtime.internal.notify;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change notifications of one database: who listens to which tables, and the announcement of
 * committed changes to them. A commit calls {@link #committed} after its transaction has ended and
 * every lock is released; listeners run on the hub's own threads, each listener one call at a
 * time, with the tables changed since its previous call merged (so a slow listener gets the
 * latest, never a backlog). An exception a listener throws is logged and affects nobody else.
 */
public final class ChangeHub implements AutoCloseable {
  /** The name announced when a change's tables are unknown (another process, a reconnect). */
  public static final String ALL = "*";

  private static final Logger LOG = LoggerFactory.getLogger(ChangeHub.class);
  private static final AtomicInteger HUBS = new AtomicInteger();

  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private final String name;
  private volatile Runnable onFirstListener;
  private volatile boolean closed;
  private final Object fanOutLock = new Object();
  private java.util.HashSet<String> pendingTables = new java.util.HashSet<>();
  private boolean fanOutScheduled;

  /** A hub for the database named {@code name} in logs. */
  public ChangeHub(String name) {
    this.name = name;
    int n = HUBS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "flujo-changes-" + n + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.executor = pool;
  }

  /** Runs {@code start} once, when the first listener registers (to start watching others). */
  public void onFirstListener(Runnable start) {
    this.onFirstListener = start;
  }

  /** The executor listeners run on. */
  public Executor executor() {
    return executor;
  }

  /**
   * Registers {@code callback} for changes to {@code tables} (lower-case names; empty: every
   * table); it is called with the changed tables among them.
   */
  public Listener listen(Collection<String> tables, Consumer<Set<String>> callback) {
    return listen(tables, callback, null);
  }

  /**
   * Like {@link #listen(Collection, Consumer)}; {@code onClose} runs once when the listener stops,
   * by its own {@code close()} or the database's.
   */
  public Listener listen(
      Collection<String> tables, Consumer<Set<String>> callback, Runnable onClose) {
    if (closed) {
      throw new IllegalStateException("the database is closed");
    }
    Listener listener = new Listener(this, Set.copyOf(tables), callback, onClose);
    listeners.add(listener);
    Runnable start = onFirstListener;
    if (start != null) {
      onFirstListener = null;
      start.run();
    }
    return listener;
  }

  /**
   * Announces a commit that changed {@code tables} (lower-case names, or {@link #ALL}). The writer
   * only records the tables; one of the hub's threads hands them to the listeners, and commits
   * made while it does so are merged into its next round, so a writer's cost does not grow with
   * the number of listeners.
   */
  public void committed(Set<String> tables) {
    if (tables.isEmpty() || listeners.isEmpty()) {
      return;
    }
    synchronized (fanOutLock) {
      pendingTables.addAll(tables);
      if (fanOutScheduled) {
        return;
      }
      fanOutScheduled = true;
    }
    try {
      executor.execute(this::fanOut);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      synchronized (fanOutLock) {
        fanOutScheduled = false;
      }
    }
  }

  private void fanOut() {
    while (true) {
      Set<String> tables;
      synchronized (fanOutLock) {
        if (pendingTables.isEmpty()) {
          fanOutScheduled = false;
          return;
        }
        tables = pendingTables;
        pendingTables = new java.util.HashSet<>();
      }
      for (Listener listener : listeners) {
        listener.offer(tables);
      }
    }
  }

  /** Announces a commit that changed one table. */
  public void committed(String table) {
    if (listeners.isEmpty()) {
      return;
    }
    committed(Set.of(table == null ? ALL : table.toLowerCase(Locale.ROOT)));
  }

  void remove(Listener listener) {
    listeners.remove(listener);
  }

  /** Stops every listener; nothing is announced afterwards. */
  @Override
  public void close() {
    closed = true;
    for (Listener listener : listeners) {
      listener.close();
    }
    listeners.clear();
    executor.shutdown();
  }

  /** One registration: its tables, its pending changes, its callback. */
  public static final class Listener implements AutoCloseable {
    private final ChangeHub hub;
    private final Set<String> tables;
    private final Consumer<Set<String>> callback;
    private final Runnable onClose;
    private final Object lock = new Object();
    private java.util.HashSet<String> pending = new java.util.HashSet<>();
    private boolean scheduled;
    private volatile boolean closed;

    Listener(
        ChangeHub hub, Set<String> tables, Consumer<Set<String>> callback, Runnable onClose) {
      this.hub = hub;
      this.tables = tables;
      this.callback = callback;
      this.onClose = onClose;
    }

    void offer(Set<String> changed) {
      if (closed) {
        return;
      }
      boolean schedule;
      synchronized (lock) {
        boolean any = false;
        for (String t : changed) {
          if (t.equals(ALL)) {
            pending.addAll(tables.isEmpty() ? Set.of(ALL) : tables);
            any = true;
          } else if (tables.isEmpty() || tables.contains(t)) {
            pending.add(t);
            any = true;
          }
        }
        schedule = any && !scheduled;
        if (schedule) {
          scheduled = true;
        }
      }
      if (schedule) {
        try {
          hub.executor.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          synchronized (lock) {
            scheduled = false;
          }
        }
      }
    }

    private void drain() {
      while (!closed) {
        Set<String> batch;
        synchronized (lock) {
          if (pending.isEmpty()) {
            scheduled = false;
            return;
          }
          batch = pending;
          pending = new java.util.HashSet<>();
        }
        try {
          callback.accept(java.util.Collections.unmodifiableSet(batch));
        } catch (RuntimeException | Error e) {
          LOG.warn("a change listener of {} failed; it stays registered", hub.name, e);
        }
      }
    }

    /** Stops announcing to this listener. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      hub.remove(this);
      if (onClose != null) {
        onClose.run();
      }
    }

    /** Whether {@link #close()} was called or the database closed. */
    public boolean isClosed() {
      return closed;
    }
  }
}
