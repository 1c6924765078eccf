package dev.flujo.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link StateDatabase#backupTo(Path)} wrote.
 *
 * @param file the backup, a self-contained SQLite file (rollback journal, no {@code -wal})
 * @param bytes its size
 * @param elapsed the whole backup: copy, {@code quick_check}, fsyncs and rename
 * @param snapshotHeld how long the copy held one read snapshot of the live database; writers do not
 *     wait for it (WAL), only the WAL grows meanwhile
 */
public record BackupReport(Path file, long bytes, Duration elapsed, Duration snapshotHeld) {}
