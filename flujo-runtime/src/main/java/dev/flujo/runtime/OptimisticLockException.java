package dev.flujo.runtime;

import java.util.OptionalLong;

/**
 * A write against a stale {@code @Version}: the row's stored version was not the one the entity
 * carried (another writer got there first), or the row is gone. Nothing was written. Not
 * transient and never retried on its own: the caller reads the row again and decides.
 */
public class OptimisticLockException extends StateException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final long expectedVersion;
  private final Long storedVersion;

  /**
   * Creates the exception.
   *
   * @param table the table
   * @param key the row's key, as {@code column=value} pairs
   * @param expectedVersion the version the caller's entity carried
   * @param storedVersion the version stored when the write failed, or null if there is no row
   */
  public OptimisticLockException(
      String table, String key, long expectedVersion, Long storedVersion) {
    super(message(table, key, expectedVersion, storedVersion), null, table, null, NO_RESULT_CODE);
    this.key = key;
    this.expectedVersion = expectedVersion;
    this.storedVersion = storedVersion;
  }

  private static String message(String table, String key, long expected, Long stored) {
    return "stale write to "
        + table
        + " ("
        + key
        + "): the caller had version "
        + expected
        + ", the database has "
        + (stored == null ? "no row" : "version " + stored);
  }

  /** The row's key, as {@code column=value} pairs. */
  public String key() {
    return key;
  }

  /** The version the caller's entity carried. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** The version stored when the write failed; empty if the row did not exist. */
  public OptionalLong storedVersion() {
    return storedVersion == null ? OptionalLong.empty() : OptionalLong.of(storedVersion);
  }
}
