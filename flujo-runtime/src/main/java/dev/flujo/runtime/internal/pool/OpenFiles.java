package dev.flujo.runtime.internal.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database files this JVM has open, by real path. On POSIX, closing any descriptor of a file
 * drops every lock the process holds on it, so a file already open here must never be read
 * through a descriptor of its own (SQLite's own connections share theirs). Opens of one file are
 * also serialized while they check it, so that one open's check cannot drop the locks of another
 * that has just opened it.
 */
public final class OpenFiles {
  private static final Map<Path, Entry> OPEN = new HashMap<>();

  private OpenFiles() {}

  private static final class Entry {
    final ReentrantLock opening = new ReentrantLock();
    int registered;
    int active;
  }

  /** One database's claim on a file, from the start of its open to the end of its close. */
  public static final class Registration implements AutoCloseable {
    private final Path key;
    private final Entry entry;
    private boolean active;
    private boolean closed;

    private Registration(Path key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    /** Holds off other opens of the file until {@link #opened()} or {@link #close()}. */
    public void lockForOpening() {
      entry.opening.lock();
    }

    /** Whether another database of this JVM has the file open now. */
    public boolean openElsewhereInJvm() {
      synchronized (OPEN) {
        return entry.active > 0;
      }
    }

    /** Marks the file open by this database and lets other opens of it proceed. */
    public void opened() {
      synchronized (OPEN) {
        if (!active) {
          active = true;
          entry.active++;
        }
      }
      unlock();
    }

    /** Releases the claim; idempotent. */
    @Override
    public void close() {
      synchronized (OPEN) {
        if (closed) {
          return;
        }
        closed = true;
        if (active) {
          entry.active--;
        }
        if (--entry.registered == 0) {
          OPEN.remove(key);
        }
      }
      unlock();
    }

    private void unlock() {
      if (entry.opening.isHeldByCurrentThread()) {
        entry.opening.unlock();
      }
    }
  }

  /** Whether a database of this JVM has {@code file} open or is opening it. */
  public static boolean isOpen(Path file) {
    Path key = key(file);
    synchronized (OPEN) {
      return OPEN.containsKey(key);
    }
  }

  /** Registers an open of {@code file}. */
  public static Registration register(Path file) {
    Path key = key(file);
    synchronized (OPEN) {
      Entry entry = OPEN.computeIfAbsent(key, k -> new Entry());
      entry.registered++;
      return new Registration(key, entry);
    }
  }

  private static Path key(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      if (Files.exists(absolute)) {
        return absolute.toRealPath();
      }
      Path parent = absolute.getParent();
      if (parent != null && Files.exists(parent)) {
        return parent.toRealPath().resolve(absolute.getFileName());
      }
    } catch (IOException e) {
      // fall back to the absolute path
    }
    return absolute;
  }
}
