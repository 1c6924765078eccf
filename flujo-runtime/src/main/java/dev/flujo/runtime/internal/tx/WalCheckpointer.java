package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WAL bounded without making the writer wait for a reader that will not end soon.
 * SQLite's automatic checkpoints copy pages back but can restart the log only at a moment no
 * reader uses it, which steady readers never leave: the WAL then grows without bound. Every
 * {@value #CHECK_EVERY} writes, the writer (holding the write lock) looks at the WAL's size and,
 * past the limit, runs {@code PRAGMA wal_checkpoint(TRUNCATE)} with the busy handler off: SQLite
 * copies back every frame it can without waiting and truncates the log only if no reader uses it.
 *
 * <p>If readers are in the way, the checkpoint waits for them only when it can pay off: when every
 * reader of this database holding a connection is younger than {@value #SHORT_READER_MILLIS} ms
 * (short read transactions and statements, which end in a moment), it is tried once more with a
 * wait of at most {@value #WAIT_MILLIS} ms. A reader this database does not know (another
 * process, a connection outside Flujo) is waited for that long at most once every {@value
 * #BACK_OFF} checks. An older reader of this database (a stream left open, a long read
 * transaction) is never waited for: a WARN (at most one a minute) names it, a metric counts the
 * blocked checkpoints, and the checkpoint is tried again, without waiting, as soon as a reader
 * ends and after the next writes. While an online backup holds its snapshot no checkpoint is
 * tried: it could not restart the log.
 */
final class WalCheckpointer {
  static final int CHECK_EVERY = 64;
  static final int WAIT_MILLIS = 100;
  static final int SHORT_READER_MILLIS = 200;
  static final int BACK_OFF = 16;
  static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final DatabaseFile file;
  private final long limitBytes;
  private final int busyTimeoutMillis;
  private final Supplier<Optional<TransactionManager.Lease>> oldestReader;
  private final LongAdder checkpoints = new LongAdder();
  private final LongAdder blocked = new LongAdder();
  private final AtomicInteger pauses = new AtomicInteger();
  private volatile boolean pending;
  private long lastWarnNanos;
  private boolean warned;
  private int writes;
  private int noWaitChecks;

  /**
   * Creates a checkpointer; {@code limitBytes} of 0 or less switches it off.
   *
   * @param busyTimeoutMillis the connections' busy timeout, restored after each checkpoint
   * @param oldestReader the oldest reader holding a connection, for the report of a pinned WAL
   */
  WalCheckpointer(
      DatabaseFile file,
      long limitBytes,
      int busyTimeoutMillis,
      Supplier<Optional<TransactionManager.Lease>> oldestReader) {
    this.file = file;
    this.limitBytes = limitBytes;
    this.busyTimeoutMillis = busyTimeoutMillis;
    this.oldestReader = oldestReader;
  }

  /** Called by the holder of the write lock after a write committed on {@code connection}. */
  void afterWrite(PooledSqliteConnection connection) {
    if (limitBytes <= 0 || ++writes < CHECK_EVERY) {
      return;
    }
    writes = 0;
    if (pauses.get() > 0) {
      return;
    }
    long size = file.walBytes();
    if (size > limitBytes) {
      checkpoint(connection, size);
    } else {
      pending = false;
    }
  }

  /** Stops checkpoints until the returned action runs (once); pauses nest. */
  Runnable pause() {
    pauses.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        pauses.decrementAndGet();
      }
    };
  }

  /**
   * Called when a reader ended: if a checkpoint was blocked by readers, {@code retry} runs one
   * (it takes the write lock only if it is free).
   */
  void readerEnded(Runnable retry) {
    if (pending) {
      retry.run();
    }
  }

  /** Runs a checkpoint now if the WAL is past the limit; the caller holds the write lock. */
  void checkpointNow(PooledSqliteConnection connection) {
    if (pauses.get() > 0) {
      return;
    }
    long size = file.walBytes();
    if (limitBytes > 0 && size > limitBytes) {
      checkpoint(connection, size);
    } else {
      pending = false;
    }
  }

  /** Completed truncating checkpoints. */
  long checkpoints() {
    return checkpoints.sum();
  }

  /** Checkpoints that could not truncate the WAL because a reader used it. */
  long blocked() {
    return blocked.sum();
  }

  private synchronized void checkpoint(PooledSqliteConnection connection, long size) {
    try {
      boolean truncated = truncate(connection, 0);
      if (!truncated) {
        Optional<TransactionManager.Lease> oldest = oldestReader.get();
        if (oldest.isPresent()) {
          if (oldest.get().ageNanos() < TimeUnit.MILLISECONDS.toNanos(SHORT_READER_MILLIS)) {
            truncated = truncate(connection, WAIT_MILLIS);
          }
        } else if (noWaitChecks > 0) {
          noWaitChecks--;
        } else {
          // the reader is not one of this database's: another process, or a connection outside
          // Flujo; waiting for it is tried only once every BACK_OFF checks
          truncated = truncate(connection, WAIT_MILLIS);
          if (!truncated) {
            noWaitChecks = BACK_OFF;
          }
        }
      }
      if (truncated) {
        checkpoints.increment();
        pending = false;
        if (warned) {
          warned = false;
          LOG.info("WAL of {} checkpointed and truncated now that its readers ended", file);
        }
        LOG.debug("WAL of {} bytes checkpointed and truncated", size);
      } else {
        blocked.increment();
        pending = true;
        warnPinned(size);
      }
    } catch (SQLException e) {
      LOG.debug("WAL checkpoint failed; will try again", e);
    }
  }

  /** Runs a truncating checkpoint waiting at most {@code waitMillis} for readers. */
  private boolean truncate(PooledSqliteConnection connection, int waitMillis) throws SQLException {
    connection.setBusyTimeout(waitMillis);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      return rs.next() && rs.getInt(1) == 0;
    } finally {
      connection.setBusyTimeout(busyTimeoutMillis);
    }
  }

  private void warnPinned(long size) {
    long now = System.nanoTime();
    if (warned && now - lastWarnNanos < WARN_EVERY_NANOS) {
      return;
    }
    warned = true;
    lastWarnNanos = now;
    LOG.warn(
        "WAL of {} is {} bytes, past its limit of {}, and cannot be truncated while a reader uses"
            + " an older snapshot; oldest reader: {}. Writers do not wait for it; the WAL is"
            + " truncated once it ends. Close streams promptly and keep read transactions short",
        file,
        size,
        limitBytes,
        oldestReader
            .get()
            .map(TransactionManager.Lease::describe)
            .orElse("a connection of another process, or of this one outside Flujo"));
  }
}
