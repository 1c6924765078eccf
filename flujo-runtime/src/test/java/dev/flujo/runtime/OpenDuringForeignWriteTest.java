package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.internal.error.SqliteErrors;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code open()} of a file another connection is writing to: it takes the write lock only when the
 * schema needs a change, so an up-to-date file opens at once.
 */
class OpenDuringForeignWriteTest {
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(3);
  private static final TableDefinition V1 =
      table("job").key("id", "TEXT").notNull("state", "TEXT").index("job_state", false, "state")
          .build();
  private static final TableDefinition V2 =
      table("job")
          .key("id", "TEXT")
          .notNull("state", "TEXT")
          .nullable("owner", "TEXT")
          .index("job_state", false, "state")
          .build();

  @TempDir Path dir;

  private StateDatabase open(Path file, TableDefinition table) {
    return StateDatabase.builder().file(file).busyTimeout(BUSY_TIMEOUT).tables(table).open();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void upToDateFileOpensPromptlyWhileAnotherConnectionHoldsALongWriteTransaction()
      throws Exception {
    Path file = dir.resolve("state.db");
    open(file, V1).close();
    try (Connection writer = TestFiles.connect(file);
        Statement s = writer.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO job VALUES ('held', 'RUNNING')");
      long start = System.nanoTime();
      try (StateDatabase db = open(file, V1)) {
        assertThat(db.schemaChanges()).isEmpty();
        assertThat(millisSince(start)).isLessThan(BUSY_TIMEOUT.toMillis() / 4);
      }
      s.execute("COMMIT");
    }
    assertThat(TestFiles.query(file, "SELECT id FROM job")).containsExactly("held");
  }

  @Test
  void olderCodeOnAnUpgradedFileAlsoOpensPromptlyDuringAForeignWrite() throws Exception {
    Path file = dir.resolve("state.db");
    open(file, V1).close();
    open(file, V2).close();
    try (Connection writer = TestFiles.connect(file);
        Statement s = writer.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO job VALUES ('held', 'RUNNING', 'ann')");
      long start = System.nanoTime();
      try (StateDatabase db = open(file, V1)) {
        assertThat(db.schemaChanges()).isEmpty();
        assertThat(millisSince(start)).isLessThan(BUSY_TIMEOUT.toMillis() / 4);
      }
      s.execute("ROLLBACK");
    }
  }

  @Test
  void fileThatNeedsAChangeWaitsForTheWriteLockAndFailsTransientlyAtTheBusyTimeout()
      throws Exception {
    Path file = dir.resolve("state.db");
    open(file, V1).close();
    try (Connection writer = TestFiles.connect(file);
        Statement s = writer.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO job VALUES ('held', 'RUNNING')");
      long start = System.nanoTime();
      TransientStateException e = assertThrows(TransientStateException.class, () -> open(file, V2));
      assertThat(millisSince(start)).isAtLeast(BUSY_TIMEOUT.toMillis() - 100);
      assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(SqliteErrors.BUSY);
      s.execute("COMMIT");
    }
    try (StateDatabase db = open(file, V2)) {
      assertThat(db.schemaChanges()).containsExactly("added column \"owner\" to table \"job\"");
    }
  }
}
