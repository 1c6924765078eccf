package dev.flujo.runtime.internal.pool;

import dev.flujo.runtime.StateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity (device and inode) of an open database file, so that a file deleted or replaced
 * under an open database is noticed. In WAL mode SQLite keeps writing to the unlinked file and
 * reports success, so each write is checked after it ran: a write that went to a file no longer
 * at the path fails instead of being acknowledged and lost. At close, the {@code -wal} and {@code
 * -shm} this database left at the path are moved aside, so that the next open does not replay
 * the old log over whatever file now sits there.
 */
public final class DatabaseFile {
  /** SQLITE_READONLY_DBMOVED: the extended result code these failures carry. */
  public static final int DBMOVED = 1032;

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseFile.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DatabaseFile NONE = new DatabaseFile(null, null);

  private final Path file;
  private final Object key;
  private volatile Object walKey;
  private volatile Object shmKey;
  private volatile boolean moved;

  private DatabaseFile(Path file, Object key) {
    this.file = file;
    this.key = key;
  }

  /** The identity of the file behind {@code location} now; nothing to check in memory. */
  public static DatabaseFile of(DatabaseLocation location) {
    Path file = location.file();
    if (file == null) {
      return NONE;
    }
    DatabaseFile identity = new DatabaseFile(file, key(file));
    identity.rememberCompanions();
    return identity;
  }

  /**
   * Throws if the file at the path is no longer the one this database opened. Called after each
   * write, so a write that went to a deleted or replaced file is reported, never acknowledged.
   */
  public void checkUnmoved(String operation, String table) {
    if (file == null) {
      return;
    }
    if (!moved) {
      Object now = key(file);
      if (now != null && (key == null || key.equals(now))) {
        if (walKey == null) {
          rememberCompanions();
        }
        return;
      }
      moved = true;
      LOG.error("database file {} was deleted or replaced while open; refusing writes", file);
    }
    throw new StateException(
        (table == null ? operation : operation + " on " + table)
            + ": database file "
            + file
            + " was deleted or replaced while this database had it open; the write went to the"
            + " old file and is not in "
            + file
            + ". Close the database and open it again",
        null,
        table,
        null,
        DBMOVED);
  }

  /** The size of the {@code -wal} file in bytes, or 0 if there is none. */
  public long walBytes() {
    if (file == null) {
      return 0;
    }
    try {
      return Files.size(companion("-wal"));
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * After the last connection closed: if the file was deleted or replaced, moves the {@code -wal}
   * and {@code -shm} this database left at the path to {@code <name>-wal.orphaned.<UTC stamp>}.
   * Nothing is deleted.
   */
  public void setAsideOrphans(Clock clock) {
    if (file == null) {
      return;
    }
    if (!moved) {
      Object now = key(file);
      if (now != null && (key == null || key.equals(now))) {
        return;
      }
    }
    setAside("-wal", walKey, clock);
    setAside("-shm", shmKey, clock);
  }

  private void setAside(String suffix, Object expected, Clock clock) {
    Path companion = companion(suffix);
    Object found = key(companion);
    if (expected == null || found == null || !expected.equals(found)) {
      return;
    }
    String base = companion.getFileName() + ".orphaned." + STAMP.format(clock.instant());
    Path target = companion.resolveSibling(base);
    for (int n = 1; Files.exists(target); n++) {
      target = companion.resolveSibling(base + "." + n);
    }
    try {
      Files.move(companion, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.warn(
          "database file {} was deleted or replaced while open; moved its old {} to {}",
          file,
          suffix,
          target);
    } catch (IOException e) {
      LOG.error("could not move the orphaned {} of {} to {}", suffix, file, target, e);
    }
  }

  @Override
  public String toString() {
    return file == null ? "(in memory)" : file.toString();
  }

  private void rememberCompanions() {
    walKey = key(companion("-wal"));
    shmKey = key(companion("-shm"));
  }

  private Path companion(String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static Object key(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key : Boolean.TRUE;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
