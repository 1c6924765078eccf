package dev.flujo.runtime;

/** What {@link StateDatabase.Builder#open()} does with a database file that is corrupt. */
public enum CorruptionPolicy {
  /**
   * Move the file and its {@code -wal}/{@code -shm} companions to {@code
   * <name>.corrupt.<timestamp>} and create a fresh database. Nothing is deleted.
   */
  BACKUP_AND_RECREATE,
  /** Throw {@link CorruptDatabaseException} and leave the file untouched. */
  FAIL
}
