package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StateDatabase#restore(Path, Path)}: checked, atomic, sets the old file aside. */
class RestoreTest {
  private static final TableDefinition ITEMS =
      TestTables.table("items").key("id", "INTEGER").notNull("name", "TEXT").build();

  @TempDir Path dir;

  private StateDatabase open(Path file) {
    return StateDatabase.builder().file(file).tables(ITEMS).open();
  }

  private static void put(Path file, int id) throws Exception {
    TestFiles.execute(file, "INSERT INTO items (id, name) VALUES (" + id + ", 'n" + id + "')");
  }

  private Path backupWithRows(int... ids) throws Exception {
    Path source = dir.resolve("source.db");
    open(source).close(); // rows written outside Flujo, then backed up through it
    for (int id : ids) {
      put(source, id);
    }
    Path backup = dir.resolve("backup.db");
    try (StateDatabase db = open(source)) {
      db.backupTo(backup);
    }
    return backup;
  }

  @Test
  void restoreReplacesAClosedDatabaseAndSetsTheOldFileAndItsCompanionsAside() throws Exception {
    Path backup = backupWithRows(1, 2);
    Path live = dir.resolve("live.db");
    open(live).close(); // creates the file
    put(live, 99);
    Files.writeString(dir.resolve("live.db-wal"), "left over");
    Files.writeString(dir.resolve("live.db-shm"), "left over");
    byte[] before = Files.readAllBytes(live);

    Optional<Path> aside = StateDatabase.restore(backup, live);

    assertThat(aside).isPresent();
    assertThat(aside.get().getFileName().toString()).startsWith("live.db.replaced.");
    assertThat(Files.readAllBytes(aside.get())).isEqualTo(before);
    assertThat(Files.readString(Path.of(aside.get() + "-wal"))).isEqualTo("left over");
    assertThat(Files.readString(Path.of(aside.get() + "-shm"))).isEqualTo("left over");
    assertThat(Files.exists(dir.resolve("live.db-wal"))).isFalse();
    assertThat(Files.exists(dir.resolve("live.db-shm"))).isFalse();
    assertThat(Files.exists(backup)).isTrue();
    try (StateDatabase db = open(live)) {
      assertThat(db.recoveredFrom()).isEmpty();
    }
    assertThat(TestFiles.query(live, "SELECT id FROM items ORDER BY id")).containsExactly("1", "2");
  }

  @Test
  void restoreToAMissingFileCreatesItAndSetsNothingAside() throws Exception {
    Path backup = backupWithRows(7);
    Path live = dir.resolve("new/live.db");
    assertThat(StateDatabase.restore(backup, live)).isEmpty();
    assertThat(TestFiles.query(live, "SELECT id FROM items")).containsExactly("7");
  }

  @Test
  void restoringTwiceNeverOverwritesAnEarlierSetAsideFile() throws Exception {
    Path backup = backupWithRows(1);
    Path live = dir.resolve("live.db");
    StateDatabase.restore(backup, live);
    Path first = StateDatabase.restore(backup, live).orElseThrow();
    Path second = StateDatabase.restore(backup, live).orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(Files.exists(first)).isTrue();
    assertThat(Files.exists(second)).isTrue();
  }

  @Test
  void restoreOverADatabaseOpenInThisJvmIsRefusedAndChangesNothing() throws Exception {
    Path backup = backupWithRows(1);
    Path live = dir.resolve("live.db");
    try (StateDatabase db = open(live)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> StateDatabase.restore(backup, live));
      assertThat(e).hasMessageThat().contains("has it open");
      assertThat(db.isClosed()).isFalse();
    }
    assertThat(TestFiles.query(live, "SELECT count(*) FROM items")).containsExactly("0");
    assertThat(StateDatabase.restore(backup, live)).isPresent();
  }

  @Test
  void aCorruptBackupIsRefusedAndTheTargetIsUntouched() throws Exception {
    Path live = dir.resolve("live.db");
    open(live).close(); // creates the file
    put(live, 5);
    Path bad = Files.writeString(dir.resolve("bad.db"), "not a database at all, just text");
    byte[] before = Files.readAllBytes(live);
    assertThrows(CorruptDatabaseException.class, () -> StateDatabase.restore(bad, live));
    assertThat(Files.readAllBytes(live)).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("replaced")))
          .isEmpty();
    }
  }
}
