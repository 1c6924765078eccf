package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WAL bounded. SQLite's automatic checkpoints copy pages back but can restart the log
 * only at a moment no reader uses it, which steady readers never leave: the WAL then grows without
 * bound. Every {@value #CHECK_EVERY} writes, the writer (holding the write lock) looks at the WAL's
 * size and, past the limit, runs {@code PRAGMA wal_checkpoint(TRUNCATE)}, waiting at most {@value
 * #WAIT_MILLIS} ms for readers of older snapshots to finish. A checkpoint that cannot complete is
 * tried again after the next writes. While an online backup holds its snapshot no checkpoint is
 * tried: it could not restart the log, and would only make the writer wait for the backup.
 */
final class WalCheckpointer {
  static final int CHECK_EVERY = 64;
  static final int WAIT_MILLIS = 200;

  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  private final DatabaseFile file;
  private final long limitBytes;
  private final int busyTimeoutMillis;
  private final LongAdder checkpoints = new LongAdder();
  private final AtomicInteger pauses = new AtomicInteger();
  private int writes;

  /**
   * Creates a checkpointer; {@code limitBytes} of 0 or less switches it off.
   *
   * @param busyTimeoutMillis the connections' busy timeout, restored after each checkpoint
   */
  WalCheckpointer(DatabaseFile file, long limitBytes, int busyTimeoutMillis) {
    this.file = file;
    this.limitBytes = limitBytes;
    this.busyTimeoutMillis = busyTimeoutMillis;
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

  /** Completed truncating checkpoints. */
  long checkpoints() {
    return checkpoints.sum();
  }

  private void checkpoint(PooledSqliteConnection connection, long size) {
    try {
      connection.setBusyTimeout(WAIT_MILLIS);
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        if (rs.next() && rs.getInt(1) == 0) {
          checkpoints.increment();
          LOG.debug("WAL of {} bytes checkpointed and truncated", size);
        } else {
          LOG.debug("WAL of {} bytes: checkpoint waits for readers; will try again", size);
        }
      } finally {
        connection.setBusyTimeout(busyTimeoutMillis);
      }
    } catch (SQLException e) {
      LOG.debug("WAL checkpoint failed; will try again", e);
    }
  }
}
