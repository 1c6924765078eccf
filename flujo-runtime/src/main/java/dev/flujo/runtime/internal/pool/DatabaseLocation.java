package dev.flujo.runtime.internal.pool;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a database lives: a file, or a named shared-cache in-memory database that lives as long as
 * one connection to it stays open.
 */
public final class DatabaseLocation {
  private static final String PREFIX = "jdbc:sqlite:";
  private static final AtomicInteger ANONYMOUS = new AtomicInteger();

  private final String url;
  private final Path file;
  private final boolean memory;

  private DatabaseLocation(String url, Path file, boolean memory) {
    this.url = url;
    this.file = file;
    this.memory = memory;
  }

  /** A database file. */
  public static DatabaseLocation ofFile(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return new DatabaseLocation(PREFIX + absolute, absolute, false);
  }

  /** A named in-memory database shared by all connections of this process. */
  public static DatabaseLocation inMemory(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "in-memory database name must be letters, digits, '_', '.' or '-': " + name);
    }
    return new DatabaseLocation(PREFIX + "file:" + name + "?mode=memory&cache=shared", null, true);
  }

  /**
   * A JDBC URL. {@code jdbc:sqlite::memory:} (private to one connection in SQLite) becomes a
   * uniquely named shared in-memory database, so that every pooled connection sees the same data.
   */
  public static DatabaseLocation ofUrl(String url) {
    Objects.requireNonNull(url, "url");
    String trimmed = url.trim();
    if (!trimmed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a SQLite JDBC URL (jdbc:sqlite:...): " + url);
    }
    String rest = trimmed.substring(PREFIX.length());
    if (rest.isEmpty() || rest.equals(":memory:")) {
      return inMemory("flujo-memory-" + ANONYMOUS.incrementAndGet());
    }
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.contains("mode=memory")) {
      return new DatabaseLocation(trimmed, null, true);
    }
    String path = rest;
    if (lower.startsWith("file:")) {
      path = rest.substring("file:".length());
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
    }
    return new DatabaseLocation(trimmed, Path.of(path).toAbsolutePath().normalize(), false);
  }

  /** The JDBC URL. */
  public String url() {
    return url;
  }

  /** The URL without the {@code jdbc:sqlite:} prefix, as sqlite-jdbc opens it. */
  public String address() {
    return url.substring(PREFIX.length());
  }

  /** The database file, or null for an in-memory database. */
  public Path file() {
    return file;
  }

  /** Whether the database is in memory. */
  public boolean isMemory() {
    return memory;
  }

  /** A short name for logs and pool names. */
  public String displayName() {
    return memory ? address() : String.valueOf(file.getFileName());
  }

  @Override
  public String toString() {
    return memory ? url : file.toString();
  }
}
