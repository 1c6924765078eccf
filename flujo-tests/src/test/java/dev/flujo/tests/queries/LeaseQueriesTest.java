package dev.flujo.tests.queries;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseQueriesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void writeQueryRetriesUnderTheTablesPolicyWhileAnotherProcessHoldsTheLock() throws Exception {
    Path file = dir.resolve("lease.db");
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(LeaseDao.TABLE)
            .busyTimeout(Duration.ofMillis(20))
            .open()) {
      new LeaseDao(db).upsert(new Lease("a", "me", NOW.minusSeconds(1)));
      LeaseQueries queries = new LeaseQueriesImpl(db);

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        RetryExhaustedException e =
            assertThrows(RetryExhaustedException.class, () -> queries.expire(NOW));
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(queries.heldBy("me")).containsExactly("a");
        s.execute("ROLLBACK");
      }

      assertThat(queries.expire(NOW)).isEqualTo(1);
      assertThat(queries.heldBy("me")).isEmpty();
    }
  }
}
