package dev.flujo.runtime.internal.schema;

import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.pool.DatabaseLocation;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.internal.pool.SqliteConnectionFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

/**
 * Opens the first connection of a database after checking the file: it must open as a database, its
 * schema must be readable and, unless switched off, {@code PRAGMA quick_check} must say {@code ok}.
 * An existing file is checked first by its header (a file that does not start with {@code "SQLite
 * format 3\0"} is not a database), then through a separate read-only connection that applies no
 * settings, so that checking changes nothing in it. A corrupt file is handled by the {@link
 * CorruptionPolicy}:
 *
 * <ul>
 *   <li>{@code FAIL}: {@link CorruptDatabaseException} naming the file and the check's first
 *       message; the file and its companions are left as they are.
 *   <li>{@code BACKUP_AND_RECREATE}: under a cross-process lock ({@code <name>.recovery.lock}), the
 *       file is checked again (another process may have recovered it meanwhile); then its {@code
 *       -wal}, {@code -shm} and {@code -journal} and finally the file itself are renamed to {@code
 *       <name>.corrupt.<UTC timestamp>[.n]} (copied and then deleted only where rename fails),
 *       never replacing an existing file; an ERROR line names the backup and a fresh database is
 *       created.
 * </ul>
 *
 * A file another {@code StateDatabase} of this JVM has open is never read through a descriptor of
 * its own (closing it would drop that database's POSIX locks); it is checked through SQLite only.
 *
 * <p>A non-empty {@code -wal} found at open that no other process uses is read first ({@link
 * WalFile}): if SQLite's recovery would drop frames of it (a cut or damaged WAL), a copy is kept as
 * {@code <name>-wal.corrupt.<UTC timestamp>[.n]} with an ERROR line naming it and the counts; if
 * the database file is empty or missing beside a WAL that holds commits (SQLite would delete that
 * WAL), the file and its WAL are handled as a corrupt file: moved aside under {@code
 * BACKUP_AND_RECREATE}, refused under {@code FAIL}.
 *
 * <p>A zero-length file is what SQLite takes it for: an empty database, used as it is. A busy or
 * locked file is never taken for a corrupt one: that surfaces as a transient failure. Nor is a
 * directory, a read-only file or any other failure to open, which surface as {@link
 * StateException}s and touch nothing.
 */
public final class CorruptionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(CorruptionGuard.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};
  private static final String QUICK_CHECK_HEADER = "*** in database";
  private static final Object RECOVERY = new Object();
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final SqliteConnectionFactory factory;
  private final CorruptionPolicy policy;
  private final boolean quickCheck;
  private final Clock clock;
  private final int busyTimeoutMillis;
  private final boolean openElsewhereInJvm;
  private Path backup;
  private Path walBackup;

  /** What a check found. */
  private record Finding(boolean checked, String problem, SQLException cause, int resultCode) {
    static final Finding SOUND = new Finding(true, null, null, StateException.NO_RESULT_CODE);
    static final Finding UNCHECKED = new Finding(false, null, null, StateException.NO_RESULT_CODE);

    static Finding corrupt(String problem, SQLException cause) {
      return new Finding(
          true,
          problem,
          cause,
          cause == null ? StateException.NO_RESULT_CODE : SqliteErrors.resultCode(cause));
    }

    boolean corrupt() {
      return problem != null;
    }
  }

  /**
   * Creates a guard.
   *
   * @param quickCheck whether to run {@code PRAGMA quick_check}
   * @param clock the clock of the backup's timestamp
   * @param busyTimeoutMillis how long the check waits for a lock held by another connection
   * @param openElsewhereInJvm whether another database of this JVM has the file open
   */
  public CorruptionGuard(
      SqliteConnectionFactory factory,
      CorruptionPolicy policy,
      boolean quickCheck,
      Clock clock,
      int busyTimeoutMillis,
      boolean openElsewhereInJvm) {
    this.openElsewhereInJvm = openElsewhereInJvm;
    this.factory = factory;
    this.policy = policy;
    this.quickCheck = quickCheck;
    this.clock = clock;
    this.busyTimeoutMillis = busyTimeoutMillis;
  }

  /** The copy of a damaged WAL kept at open, or null if none was made. */
  public Path walBackup() {
    return walBackup;
  }

  /** The backup the database was moved to, or null if none was made. */
  public Path backup() {
    return backup;
  }

  /**
   * Opens a checked connection, recovering a corrupt file under the policy.
   *
   * @throws CorruptDatabaseException if the file is corrupt and the policy is FAIL
   * @throws dev.flujo.runtime.TransientStateException if the file is locked by another connection
   * @throws StateException if the file cannot be opened for another reason
   */
  public PooledSqliteConnection open() {
    Path file = factory.location().file();
    boolean quickChecked = false;
    if (file != null) {
      if (Files.isDirectory(file)) {
        throw new StateException(
            "cannot open database " + file + ": it is a directory, not a database file");
      }
      if (!openElsewhereInJvm) {
        Finding orphaned = keepDamagedWal(file);
        if (orphaned != null) {
          return recoverOrphanedWal(file, orphaned);
        }
      }
      if (hasContent(file)) {
        Finding finding = openElsewhereInJvm ? checkReadOnly(file) : checkWithoutWriting(file);
        if (finding.corrupt()) {
          return recover(file, finding);
        }
        quickChecked = finding.checked();
      }
    }
    PooledSqliteConnection connection;
    try {
      connection = factory.open();
    } catch (SQLException e) {
      if (!SqliteErrors.isCorruption(e)) {
        throw SqliteErrors.translate(e, "opening " + factory.location(), null);
      }
      return recover(file, Finding.corrupt(e.getMessage(), e));
    }
    Finding finding;
    try {
      finding = check(connection, quickCheck && !quickChecked);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw SqliteErrors.translate(e, "checking " + factory.location(), null);
    }
    if (!finding.corrupt()) {
      return connection;
    }
    closeQuietly(connection);
    return recover(file, finding);
  }

  @SuppressWarnings("try") // the file lock is held, not used, inside its try block
  private PooledSqliteConnection recover(Path file, Finding finding) {
    DatabaseLocation location = factory.location();
    if (policy == CorruptionPolicy.FAIL || file == null) {
      throw corrupt(
          "database "
              + location
              + " is corrupt: "
              + finding.problem()
              + (file == null ? "" : "; it was left untouched (CorruptionPolicy.FAIL)"),
          finding);
    }
    synchronized (RECOVERY) {
      Path lockFile = file.resolveSibling(file.getFileName() + ".recovery.lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Finding again = hasContent(file) ? inspect(file) : Finding.SOUND;
        if (again.corrupt()) {
          backup = moveAside(file);
          LOG.error(
              "database {} is corrupt ({}); moved it to {} and created a new, empty database",
              file,
              again.problem(),
              backup);
        } else {
          LOG.info("database {} was recovered by another process meanwhile", file);
        }
        return openFresh(file);
      } catch (IOException e) {
        throw new StateException("cannot lock " + lockFile + " to recover " + file, e);
      }
    }
  }

  /**
   * Reads a non-empty {@code -wal} no other process uses: keeps a copy if recovery would drop frames
   * of it; returns a finding if the database file is empty or missing beside a WAL holding commits,
   * else null.
   */
  private Finding keepDamagedWal(Path file) {
    Path wal = sibling(file, "-wal");
    try {
      if (!Files.isRegularFile(wal) || Files.size(wal) == 0) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    Path shm = sibling(file, "-shm");
    FileChannel shmChannel = null;
    FileLock dms = null;
    try {
      if (Files.exists(shm)) {
        // SQLite's connections hold a read lock on the -shm byte 128 (DMS) while open: if it cannot
        // be locked here, another process has the database open and the WAL is live
        shmChannel = FileChannel.open(shm, StandardOpenOption.READ, StandardOpenOption.WRITE);
        dms = shmChannel.tryLock(128, 1, false);
        if (dms == null) {
          return null;
        }
      }
      WalFile.Inspection wal0 = WalFile.inspect(wal);
      boolean mainEmpty = !hasContent(file);
      if (mainEmpty && wal0.committedFrames() > 0) {
        String problem =
            "the database file is "
                + (Files.exists(file) ? "empty" : "missing")
                + " but its WAL ("
                + wal0.bytes()
                + " bytes) holds "
                + wal0.committedFrames()
                + " committed frames, which SQLite would delete";
        return new Finding(true, problem, null, SqliteErrors.NOTADB);
      }
      if (wal0.discardedFrames() > 0) {
        walBackup = copyAside(wal);
        LOG.error(
            "the WAL of {} ({} bytes, {} frames) is cut or damaged: SQLite's recovery keeps its"
                + " first {} frames and drops {} ({}); a copy of the whole WAL is kept at {}",
            file,
            wal0.bytes(),
            wal0.frames(),
            wal0.committedFrames(),
            wal0.discardedFrames(),
            wal0.headerValid()
                ? "an uncommitted transaction cut by a crash, or committed ones lost to damage"
                : "its header is damaged, so every frame is dropped",
            walBackup);
      }
      return null;
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      LOG.debug("could not inspect the WAL of {}; opening without it", file, e);
      return null;
    } finally {
      try {
        if (dms != null) {
          dms.release();
        }
        if (shmChannel != null) {
          shmChannel.close();
        }
      } catch (IOException e) {
        LOG.debug("releasing the -shm of {} failed", file, e);
      }
    }
  }

  /** Copies {@code wal} to {@code <name>-wal.corrupt.<stamp>[.n]}, never replacing a file. */
  private Path copyAside(Path wal) throws IOException {
    String base = wal.getFileName() + ".corrupt." + STAMP.format(clock.instant());
    for (int n = 0; ; n++) {
      Path target = wal.resolveSibling(n == 0 ? base : base + "." + n);
      try {
        Files.copy(wal, target);
        return target;
      } catch (FileAlreadyExistsException e) {
        // try the next name
      }
    }
  }

  /**
   * An empty or missing database file beside a WAL holding commits: refused under FAIL; else the
   * file and its WAL are moved aside as a corrupt file's backup and a fresh database is created.
   */
  @SuppressWarnings("try") // the file lock is held, not used, inside its try block
  private PooledSqliteConnection recoverOrphanedWal(Path file, Finding finding) {
    if (policy == CorruptionPolicy.FAIL) {
      throw corrupt(
          "database " + file + ": " + finding.problem() + "; it was left untouched"
              + " (CorruptionPolicy.FAIL). Restore the file, or move the -wal away to start empty",
          finding);
    }
    synchronized (RECOVERY) {
      Path lockFile = file.resolveSibling(file.getFileName() + ".recovery.lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Path wal = sibling(file, "-wal");
        if (!hasContent(file) && Files.isRegularFile(wal) && Files.size(wal) > 0) {
          if (!Files.exists(file)) {
            Files.createFile(file);
          }
          backup = moveAside(file);
          LOG.error(
              "database {}: {}; moved the file and its WAL to {} and created a new, empty"
                  + " database",
              file,
              finding.problem(),
              backup);
        }
        return openFresh(file);
      } catch (IOException e) {
        throw new StateException("cannot lock " + lockFile + " to recover " + file, e);
      }
    }
  }

  private PooledSqliteConnection openFresh(Path file) {
    PooledSqliteConnection fresh;
    try {
      fresh = factory.open();
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "recreating " + file, null);
    }
    try {
      Finding finding = check(fresh, false);
      if (finding.corrupt()) {
        throw corrupt(
            "recreated database " + file + " fails its check: " + finding.problem(), finding);
      }
      return fresh;
    } catch (SQLException e) {
      closeQuietly(fresh);
      throw SqliteErrors.translate(e, "recreating " + file, null);
    } catch (RuntimeException e) {
      closeQuietly(fresh);
      throw e;
    }
  }

  /** Checks an existing file, read-only if possible, else through a normal connection. */
  private Finding inspect(Path file) {
    Finding finding = checkWithoutWriting(file);
    if (finding.checked()) {
      return finding;
    }
    try (PooledSqliteConnection connection = factory.open()) {
      return check(connection, quickCheck);
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        return Finding.corrupt(e.getMessage(), e);
      }
      throw SqliteErrors.translate(e, "checking " + file, null);
    }
  }

  /**
   * Checks the file's header, then the file through a read-only connection. A file that does not
   * start with SQLite's 16-byte header is not a database (SQLite answers NOTADB for it); it is
   * recognised here without opening a connection, which could remove its {@code -journal} and
   * {@code -wal}.
   */
  private Finding checkWithoutWriting(Path file) {
    byte[] header = new byte[SQLITE_HEADER.length];
    int read = 0;
    try (var in = Files.newInputStream(file)) {
      read = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      throw new StateException("cannot read database file " + file, e);
    }
    if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
      return new Finding(
          true,
          "file is not a database (it does not start with the SQLite header)",
          null,
          SqliteErrors.NOTADB);
    }
    return checkReadOnly(file);
  }

  /**
   * Checks the file through a read-only connection without settings. A failure that is neither
   * corruption nor a lock (for example a hot journal a read-only connection cannot roll back)
   * leaves the file unchecked, to be checked through the normal connection.
   */
  private Finding checkReadOnly(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(busyTimeoutMillis);
    DatabaseLocation location = factory.location();
    try (Connection connection = JDBC.createConnection(location.url(), config.toProperties())) {
      return check(connection, quickCheck);
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        return Finding.corrupt(e.getMessage(), e);
      }
      if (SqliteErrors.isTransient(e)) {
        throw SqliteErrors.translate(e, "checking " + file, null);
      }
      LOG.debug("read-only check of {} failed; checking through a normal connection", file, e);
      return Finding.UNCHECKED;
    }
  }

  /** Reads the schema and, if asked, runs {@code quick_check}. */
  private static Finding check(Connection connection, boolean runQuickCheck) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
        rs.next();
      }
      if (!runQuickCheck) {
        return Finding.SOUND;
      }
      List<String> messages = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        while (rs.next()) {
          String row = rs.getString(1);
          for (String line : row == null ? new String[] {"(null)"} : row.split("\n")) {
            if (!line.isBlank() && !line.startsWith(QUICK_CHECK_HEADER)) {
              messages.add(line.trim());
            }
          }
        }
      }
      if (messages.size() == 1 && "ok".equals(messages.get(0))) {
        return Finding.SOUND;
      }
      return Finding.corrupt(
          messages.isEmpty() ? "quick_check returned nothing" : "quick_check: " + messages.get(0),
          null);
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        return Finding.corrupt(e.getMessage(), e);
      }
      throw e;
    }
  }

  private static CorruptDatabaseException corrupt(String message, Finding finding) {
    return new CorruptDatabaseException(message, finding.cause(), finding.resultCode());
  }

  /**
   * Moves the file and its companions to {@code <name>.corrupt.<stamp>[.n]}: companions first, so
   * that no process finds a stale {@code -wal} beside a missing database. Each target name is
   * claimed by creating it before the rename replaces it, so an earlier backup is never replaced,
   * not even by a process recovering at the same moment.
   */
  private Path moveAside(Path file) {
    return setAside(file, "corrupt", clock);
  }

  /**
   * Moves {@code file} and its {@code -wal}, {@code -shm} and {@code -journal} to {@code
   * <name>.<label>.<UTC stamp>[.n]}, companions first, never replacing an existing file; returns
   * the new name of the file. For a file no connection has open.
   */
  public static Path setAside(Path file, String label, Clock clock) {
    List<String> companions = new ArrayList<>();
    for (String suffix : COMPANIONS) {
      if (Files.exists(sibling(file, suffix))) {
        companions.add(suffix);
      }
    }
    String base = file.getFileName() + "." + label + "." + STAMP.format(clock.instant());
    for (int n = 0; ; n++) {
      Path target = file.resolveSibling(n == 0 ? base : base + "." + n);
      if (!claim(target, companions)) {
        continue;
      }
      for (String suffix : companions) {
        move(sibling(file, suffix), sibling(target, suffix));
      }
      if (Files.exists(file)) {
        move(file, target);
      } else {
        deletePlaceholder(target);
      }
      return target;
    }
  }

  /** Creates {@code target} and its companions' names, or none of them if any exists. */
  private static boolean claim(Path target, List<String> companions) {
    List<Path> names = new ArrayList<>();
    names.add(target);
    for (String suffix : companions) {
      names.add(sibling(target, suffix));
    }
    List<Path> claimed = new ArrayList<>();
    for (Path name : names) {
      try {
        Files.createFile(name);
        claimed.add(name);
      } catch (FileAlreadyExistsException e) {
        for (Path mine : claimed) {
          try {
            Files.deleteIfExists(mine);
          } catch (IOException ignored) {
            // an empty placeholder this guard created; another name is tried
          }
        }
        return false;
      } catch (IOException e) {
        throw new StateException("cannot create backup file " + name, e);
      }
    }
    return true;
  }

  /** Renames {@code from} onto its claimed placeholder {@code to}; copies then deletes if not. */
  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException renameFailed) {
      try {
        Files.copy(
            from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      } catch (IOException e) {
        e.addSuppressed(renameFailed);
        throw new StateException("could not move corrupt file " + from + " to " + to, e);
      }
      try {
        Files.delete(from);
      } catch (IOException e) {
        e.addSuppressed(renameFailed);
        throw new StateException(
            "copied corrupt file " + from + " to " + to + " but could not remove it", e);
      }
    }
  }

  private static void deletePlaceholder(Path placeholder) {
    try {
      Files.deleteIfExists(placeholder);
    } catch (IOException ignored) {
      // an empty name this guard claimed; only the companions were moved
    }
  }

  /** Whether a {@code -wal}, {@code -shm} or {@code -journal} lies beside {@code file}. */
  public static boolean hasCompanions(Path file) {
    for (String suffix : COMPANIONS) {
      if (Files.exists(sibling(file, suffix))) {
        return true;
      }
    }
    return false;
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static boolean hasContent(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a connection to a file being discarded
    }
  }
}
