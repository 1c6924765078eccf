package dev.flujo.runtime.internal.backup;

import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.schema.CorruptionGuard;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

/**
 * Puts a backup in place of a database file that no connection has open.
 *
 * <ol>
 *   <li>The backup must open read-only and pass {@code PRAGMA quick_check}.
 *   <li>The target must not be in use: the caller checks this JVM; here, a lock on the byte range
 *       every SQLite connection holds a shared lock on while it has the file open in WAL mode (and
 *       while it reads in rollback mode) must be free, and stays held until the swap is done.
 *   <li>The backup is copied to a temporary name beside the target and fsynced.
 *   <li>An existing target is set aside with its {@code -wal}, {@code -shm} and {@code -journal} as
 *       {@code <name>.replaced.<UTC timestamp>[.n]}, as corruption recovery does; nothing is
 *       deleted.
 *   <li>The copy is renamed onto the target and the directory fsynced.
 * </ol>
 */
public final class Restore {
  private static final Logger LOG = LoggerFactory.getLogger(Restore.class);
  /** SQLite's lock bytes (os_unix.c): PENDING_BYTE, then RESERVED, then the shared range. */
  private static final long SHARED_FIRST = 0x40000000L + 2;

  private static final int SHARED_SIZE = 510;

  private Restore() {}

  /**
   * Restores {@code backup} to {@code target}; returns where the earlier target was set aside.
   *
   * @throws IllegalArgumentException if the backup is missing or is the target itself
   * @throws CorruptDatabaseException if the backup fails its check; nothing was changed
   * @throws StateException if another process has the target open, or a file operation fails
   */
  @SuppressWarnings("try") // the lock is held, not used, while the files are swapped
  public static Optional<Path> run(Path backup, Path target, Clock clock) {
    Path source = backup.toAbsolutePath().normalize();
    Path destination = target.toAbsolutePath().normalize();
    if (source.equals(destination)) {
      throw new IllegalArgumentException("cannot restore " + source + " onto itself");
    }
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("backup " + source + " is not a file");
    }
    if (Files.isDirectory(destination)) {
      throw new IllegalArgumentException(
          "restore target " + destination + " is a directory; name the database file");
    }
    check(source);
    try {
      Files.createDirectories(destination.getParent());
    } catch (IOException e) {
      throw new StateException("cannot create directory " + destination.getParent(), e);
    }
    Path partial = OnlineBackup.partialName(destination);
    boolean moved = false;
    try (Lock lock = Lock.take(destination)) {
      Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
      OnlineBackup.fsync(partial);
      Path aside = null;
      if (Files.exists(destination) || CorruptionGuard.hasCompanions(destination)) {
        aside = CorruptionGuard.setAside(destination, "replaced", clock);
      }
      Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      OnlineBackup.fsyncDirectory(destination.getParent());
      if (aside != null) {
        LOG.warn("restored {} from {}; the previous file is now {}", destination, source, aside);
      } else {
        LOG.info("restored {} from {}", destination, source);
      }
      return Optional.ofNullable(aside);
    } catch (IOException e) {
      throw new StateException("cannot restore " + source + " to " + destination + ": " + e, e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // the temporary copy; its name says it is incomplete
        }
      }
    }
  }

  private static void check(Path backup) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    List<String> problems;
    try (Connection connection =
            JDBC.createConnection("jdbc:sqlite:" + backup, config.toProperties());
        Statement s = connection.createStatement()) {
      problems = OnlineBackup.quickCheck(s);
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        throw new CorruptDatabaseException(
            "backup " + backup + " is not a sound database: " + e.getMessage() + "; nothing was"
                + " restored",
            e,
            SqliteErrors.resultCode(e));
      }
      throw SqliteErrors.translate(e, "checking backup " + backup, null);
    }
    if (!problems.isEmpty()) {
      throw new CorruptDatabaseException(
          "backup " + backup + " fails quick_check: " + problems.get(0) + "; nothing was restored",
          null,
          SqliteErrors.CORRUPT);
    }
  }

  /** An exclusive lock on SQLite's shared-lock range of the target, if the target exists. */
  private static final class Lock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Lock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    static Lock take(Path target) throws IOException {
      if (!Files.exists(target)) {
        return new Lock(null, null);
      }
      FileChannel channel =
          FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(SHARED_FIRST, SHARED_SIZE, false);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (lock == null) {
        channel.close();
        throw new StateException(
            "cannot restore over "
                + target
                + ": another process has it open; stop it (or close its database) first");
      }
      return new Lock(channel, lock);
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        try {
          lock.release();
        } finally {
          channel.close();
        }
      }
    }
  }
}
