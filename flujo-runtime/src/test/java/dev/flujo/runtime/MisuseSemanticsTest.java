package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.CloseAndStreamTest.ROWS;
import static dev.flujo.runtime.CloseAndStreamTest.count;
import static dev.flujo.runtime.CloseAndStreamTest.put;
import static dev.flujo.runtime.TestTables.table;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decided semantics of issue 18, point 8: interrupted threads, nesting depth, and an enum
 * widening over a row that breaks the old {@code CHECK}.
 */
class MisuseSemanticsTest {
  @TempDir Path dir;

  private StateDatabase open(String name) {
    return StateDatabase.builder().file(dir.resolve(name)).tables(ROWS).open();
  }

  @Test
  void anInterruptedThreadStillWritesWhenNoOtherWriterIsInTheWayAndKeepsItsFlag() {
    try (StateDatabase db = open("interrupted.db")) {
      Thread.currentThread().interrupt();
      try {
        put(db, 1);
        db.inTransaction(() -> put(db, 2));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(count(db)).isEqualTo(2);
    }
  }

  @Test
  void anInterruptedThreadWaitingForAnotherWriterGivesUpAtOnceAndKeepsItsFlag() throws Exception {
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("contended.db"))
            .tables(ROWS)
            .busyTimeout(Duration.ofSeconds(5))
            .open()) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread writer =
          new Thread(
              () ->
                  db.inTransaction(
                      () -> {
                        put(db, 1);
                        holding.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }));
      writer.start();
      holding.await();
      long started = System.nanoTime();
      Thread.currentThread().interrupt();
      try {
        StateException e = assertThrows(StateException.class, () -> put(db, 2));
        assertThat(e).hasMessageThat().contains("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
        release.countDown();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      writer.join();
      assertThat(count(db)).isEqualTo(1);
    }
  }

  private static void nest(StateDatabase db, int levels, long key) {
    if (levels == 0) {
      put(db, key);
      return;
    }
    db.inTransaction(() -> nest(db, levels - 1, key));
  }

  @Test
  void transactionsNestUpToTwoHundredLevelsAndDeeperNestingIsRefused() {
    try (StateDatabase db = open("nested.db")) {
      nest(db, 200, 1);
      assertThat(count(db)).isEqualTo(1);

      IllegalStateException e = assertThrows(IllegalStateException.class, () -> nest(db, 201, 2));
      assertThat(e).hasMessageThat().contains("more than 200 levels");
      assertThat(count(db)).isEqualTo(1);
    }
  }

  @Test
  void anEnumWideningOverARowBreakingTheOldCheckIsRefusedAndChangesNothing() throws Exception {
    Path file = dir.resolve("widen.db");
    TableDefinition v1 =
        table("job").key("id", "TEXT").enumColumn("status", "NEW", "DONE").build();
    TableDefinition v2 =
        table("job").key("id", "TEXT").enumColumn("status", "NEW", "DONE", "FAILED").build();
    try (StateDatabase db = StateDatabase.builder().file(file).tables(v1).open()) {
      assertThat(db.tables()).hasSize(1);
    }
    try (Connection c = TestFiles.connect(file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA ignore_check_constraints = ON");
      s.execute("INSERT INTO job (id, status) VALUES ('a', 'NEW'), ('b', 'BOGUS')");
    }
    String before = String.join("\n", TestFiles.query(file, "SELECT sql FROM sqlite_schema"));

    SchemaMismatchException e =
        assertThrows(
            SchemaMismatchException.class,
            () -> StateDatabase.builder().file(file).tables(v2).open());
    assertThat(e.table()).isEqualTo("job");
    assertThat(e).hasMessageThat().contains("status");
    assertThat(e).hasMessageThat().contains("BOGUS");
    assertThat(String.join("\n", TestFiles.query(file, "SELECT sql FROM sqlite_schema")))
        .isEqualTo(before);
    assertThat(TestFiles.query(file, "SELECT id, status FROM job ORDER BY id"))
        .containsExactly("a|NEW", "b|BOGUS")
        .inOrder();
  }
}
