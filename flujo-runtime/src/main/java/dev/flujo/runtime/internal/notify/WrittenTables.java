package dev.flujo.runtime.internal.notify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables one transaction wrote, per savepoint level, so that a savepoint rolled back takes its
 * tables with it and a commit announces only what it committed. Used by the thread owning the
 * transaction.
 */
public final class WrittenTables {
  private final List<Set<String>> levels = new ArrayList<>(2);

  /** An empty record, at the outermost level. */
  public WrittenTables() {
    levels.add(new HashSet<>(4));
  }

  /** A write statement on {@code table} (null: unknown, announced as every table) succeeded. */
  public void wrote(String table) {
    levels.get(levels.size() - 1).add(table == null ? ChangeHub.ALL : table.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code table} was recorded at any level still open. */
  public boolean contains(String table) {
    String t = table == null ? ChangeHub.ALL : table.toLowerCase(Locale.ROOT);
    for (Set<String> level : levels) {
      if (level.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /** A savepoint began. */
  public void savepoint() {
    levels.add(new HashSet<>(2));
  }

  /** The innermost savepoint was released: its tables belong to the level around it. */
  public void released() {
    Set<String> inner = levels.remove(levels.size() - 1);
    levels.get(levels.size() - 1).addAll(inner);
  }

  /** The innermost savepoint was rolled back: its tables were not written. */
  public void rolledBack() {
    levels.remove(levels.size() - 1);
  }

  /** The tables written at the outermost level, for the commit. */
  public Set<String> committed() {
    return levels.get(0);
  }
}
