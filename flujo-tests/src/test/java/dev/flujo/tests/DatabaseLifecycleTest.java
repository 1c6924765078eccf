package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, configuring and closing a database. */
class DatabaseLifecycleTest {
  @TempDir Path dir;

  private static WorkflowState state(String id) {
    return new WorkflowState(id, "p", 0, null, Status.RUNNING, null, null, null, null);
  }

  @Test
  void openCreatesParentDirectoriesAndConfiguresWal() throws Exception {
    Path file = dir.resolve("nested/deeper/state.db");
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(WorkflowStateDao.TABLE).open()) {
      new WorkflowStateDao(db).upsert(state("a"));
    }
    assertThat(Files.exists(file)).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void dataSurvivesReopening() {
    Path file = dir.resolve("state.db");
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(WorkflowStateDao.TABLE).open()) {
      new WorkflowStateDao(db).upsert(state("kept"));
    }
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(WorkflowStateDao.TABLE).open()) {
      assertThat(new WorkflowStateDao(db).existsById("kept")).isTrue();
    }
  }

  @Test
  void namedInMemoryDatabaseIsSharedByThePoolAndGoneAfterClose() {
    try (StateDatabase db =
        StateDatabase.builder().inMemory("lifecycle").tables(WorkflowStateDao.TABLE).open()) {
      WorkflowStateDao dao = new WorkflowStateDao(db);
      dao.upsert(state("m"));
      assertThat(db.file()).isEmpty();
      assertThat(dao.findAll()).hasSize(1);
    }
    try (StateDatabase db =
        StateDatabase.builder().inMemory("lifecycle").tables(WorkflowStateDao.TABLE).open()) {
      assertThat(new WorkflowStateDao(db).count()).isEqualTo(0);
    }
  }

  @Test
  void plainMemoryUrlBecomesADatabaseSharedByThePool() {
    try (StateDatabase db =
        StateDatabase.builder().url("jdbc:sqlite::memory:").tables(WorkflowStateDao.TABLE).open()) {
      WorkflowStateDao dao = new WorkflowStateDao(db);
      dao.upsert(state("m"));
      assertThat(dao.count()).isEqualTo(1);
    }
  }

  @Test
  void usingAClosedDatabaseIsAClearError() {
    StateDatabase db =
        StateDatabase.builder().file(dir.resolve("c.db")).tables(WorkflowStateDao.TABLE).open();
    WorkflowStateDao dao = new WorkflowStateDao(db);
    db.close();
    db.close();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> dao.count());
    assertThat(e).hasMessageThat().contains("closed");
    assertThat(db.isClosed()).isTrue();
  }

  @Test
  void daoForATableTheDatabaseWasNotOpenedWithIsRejected() {
    try (StateDatabase db =
        StateDatabase.builder().file(dir.resolve("d.db")).tables(TagDao.TABLE).open()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> new WorkflowStateDao(db));
      assertThat(e).hasMessageThat().contains("workflow_state");
      assertThat(e).hasMessageThat().contains("tables(");
    }
  }

  @Test
  void openWithoutALocationIsRejected() {
    assertThrows(IllegalStateException.class, () -> StateDatabase.builder().open());
  }
}
