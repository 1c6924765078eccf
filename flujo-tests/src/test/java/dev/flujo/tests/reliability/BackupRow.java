package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** One commit of the backup suite: {@code seq} numbers commits 1, 2, 3... in commit order. */
@StateTable(name = "rel_backup_row")
public record BackupRow(@Id long seq, int writer, String payload) {}
