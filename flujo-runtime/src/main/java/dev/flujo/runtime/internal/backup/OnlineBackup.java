package dev.flujo.runtime.internal.backup;

import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.pool.DatabaseLocation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Copies a live database to a file while writers keep writing.
 *
 * <ol>
 *   <li>A dedicated read-only connection (not one of the pool's) copies one consistent snapshot to a
 *       temporary name beside the target ({@code .<name>.partial-<random>}), with SQLite's online
 *       backup API in a single step: one read transaction, which in WAL mode never blocks a writer.
 *   <li>The copy is switched to a rollback journal ({@code journal_mode=DELETE}), so the backup is
 *       one self-contained file, and must pass {@code PRAGMA quick_check}.
 *   <li>It is fsynced, renamed atomically onto the target, and the directory is fsynced.
 * </ol>
 *
 * A failure removes the temporary file; a crash leaves it under its temporary name, never under
 * the target's. docs/operations.md compares this with {@code VACUUM INTO} and the stepped backup.
 */
public final class OnlineBackup {
  /** How the snapshot is copied; {@link #BACKUP_API} is what {@link #run} uses. */
  public enum Method {
    /** The online backup API, all pages in one step: one read transaction. */
    BACKUP_API,
    /** The online backup API, 100 pages a step: restarts whenever another connection writes. */
    BACKUP_API_STEPPED,
    /** {@code VACUUM INTO}: one read transaction, rebuilds every table and index. */
    VACUUM_INTO
  }

  /**
   * What a backup did.
   *
   * @param file the backup
   * @param bytes its size
   * @param elapsedNanos the whole backup, checks and fsyncs included
   * @param snapshotNanos how long the copy held its read snapshot of the live database
   */
  public record Result(Path file, long bytes, long elapsedNanos, long snapshotNanos) {}

  private static final int STEPPED_PAGES = 100;
  private static final int BUSY_SLEEP_MILLIS = 10;

  private OnlineBackup() {}

  /**
   * Backs up the database at {@code source} to {@code target}.
   *
   * @param busyTimeoutMillis how long the copy waits for a lock before failing
   * @throws StateException if the copy, its check or the rename fails; nothing is left at {@code
   *     target} then (an earlier file there is untouched)
   */
  public static Result run(DatabaseLocation source, Path target, int busyTimeoutMillis) {
    return run(source, target, busyTimeoutMillis, Method.BACKUP_API);
  }

  /** Backs up with the given method; for measuring the alternatives (docs/operations.md). */
  public static Result run(
      DatabaseLocation source, Path target, int busyTimeoutMillis, Method method) {
    Path live = source.file();
    if (live == null) {
      throw new UnsupportedOperationException(
          "backupTo needs a database file; " + source + " is an in-memory database");
    }
    Path finalName = validateTarget(live, target);
    long start = System.nanoTime();
    Path partial = partialName(finalName);
    boolean done = false;
    try {
      long snapshot = copy(source, partial, busyTimeoutMillis, method);
      seal(partial, busyTimeoutMillis);
      fsync(partial);
      Files.move(partial, finalName, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      done = true;
      fsyncDirectory(finalName.getParent());
      return new Result(finalName, Files.size(finalName), System.nanoTime() - start, snapshot);
    } catch (IOException e) {
      throw new StateException("cannot back up " + live + " to " + finalName + ": " + e, e);
    } finally {
      if (!done) {
        deleteQuietly(partial);
      }
    }
  }

  private static Path validateTarget(Path live, Path target) {
    Path finalName = target.toAbsolutePath().normalize();
    if (finalName.equals(live)) {
      throw new IllegalArgumentException("cannot back up " + live + " onto itself");
    }
    if (Files.isDirectory(finalName)) {
      throw new IllegalArgumentException(
          "backup target " + finalName + " is a directory; name a file inside it");
    }
    for (String suffix : new String[] {"-wal", "-journal"}) {
      Path companion = finalName.resolveSibling(finalName.getFileName() + suffix);
      if (Files.exists(companion)) {
        throw new IllegalArgumentException(
            "backup target "
                + finalName
                + " has a "
                + companion.getFileName()
                + " beside it, which SQLite would apply to the backup; move it away first");
      }
    }
    try {
      Files.createDirectories(finalName.getParent());
    } catch (IOException e) {
      throw new StateException("cannot create directory " + finalName.getParent(), e);
    }
    return finalName;
  }

  /** A name in the target's directory that no reader takes for a finished backup. */
  static Path partialName(Path finalName) {
    return finalName.resolveSibling(
        "."
            + finalName.getFileName()
            + ".partial-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
  }

  /** Copies a snapshot to {@code partial}; returns how long the snapshot was held, in ns. */
  private static long copy(
      DatabaseLocation source, Path partial, int busyTimeoutMillis, Method method) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(busyTimeoutMillis);
    try (Connection connection = JDBC.createConnection(source.url(), config.toProperties())) {
      long start = System.nanoTime();
      if (method == Method.VACUUM_INTO) {
        try (PreparedStatement s = connection.prepareStatement("VACUUM INTO ?")) {
          s.setString(1, partial.toString());
          s.execute();
        }
      } else {
        int pages = method == Method.BACKUP_API ? -1 : STEPPED_PAGES;
        int rc =
            ((SQLiteConnection) connection)
                .getDatabase()
                .backup(
                    "main",
                    partial.toString(),
                    null,
                    BUSY_SLEEP_MILLIS,
                    Math.max(1, busyTimeoutMillis / BUSY_SLEEP_MILLIS),
                    pages);
        if (rc != 0) {
          throw new StateException(
              "backup of " + source + " failed with SQLite result code " + rc,
              null,
              null,
              null,
              rc);
        }
      }
      return System.nanoTime() - start;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "backing up " + source, null);
    }
  }

  /** Makes the copy one self-contained file and checks it. */
  private static void seal(Path partial, int busyTimeoutMillis) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMillis);
    try (Connection connection =
            JDBC.createConnection("jdbc:sqlite:" + partial, config.toProperties());
        Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=DELETE")) {
        rs.next();
      }
      List<String> problems = quickCheck(s);
      if (!problems.isEmpty()) {
        throw new CorruptDatabaseException(
            "the backup copy fails quick_check: " + problems.get(0) + "; no backup was written",
            null,
            SqliteErrors.CORRUPT);
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "checking the backup copy " + partial, null);
    }
  }

  /** The messages of {@code PRAGMA quick_check}; empty if it said {@code ok}. */
  static List<String> quickCheck(Statement s) throws SQLException {
    List<String> messages = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
      while (rs.next()) {
        messages.add(String.valueOf(rs.getString(1)));
      }
    }
    if (messages.size() == 1 && "ok".equals(messages.get(0))) {
      return List.of();
    }
    return messages.isEmpty() ? List.of("quick_check returned nothing") : messages;
  }

  static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Makes a rename durable where the platform allows opening a directory (Linux, macOS). */
  static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported on this platform (Windows); the rename itself is atomic
    }
  }

  private static void deleteQuietly(Path file) {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException ignored) {
        // a temporary file of this backup; its name says it is incomplete
      }
    }
  }
}
