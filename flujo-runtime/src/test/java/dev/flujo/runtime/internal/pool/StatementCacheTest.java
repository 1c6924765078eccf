package dev.flujo.runtime.internal.pool;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.SynchronousMode;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
  private static final SqlStatement SELECT_ONE = SqlStatement.read(null, "test.one", "SELECT 1", null);
  private static final SqlStatement SELECT_TWO = SqlStatement.read(null, "test.two", "SELECT 2", null);

  @TempDir Path dir;

  private PooledSqliteConnection open() throws Exception {
    return new SqliteConnectionFactory(
            DatabaseLocation.ofFile(dir.resolve("cache.db")), SynchronousMode.NORMAL, 1000)
        .open();
  }

  @Test
  void releasedStatementIsHandedOutAgainForTheSameSlot() throws Exception {
    try (PooledSqliteConnection c = open()) {
      PreparedStatement first = c.acquire(SELECT_ONE);
      c.release(SELECT_ONE, first, true);
      PreparedStatement second = c.acquire(SELECT_ONE);
      assertThat(second).isSameInstanceAs(first);
      assertThat(c.acquire(SELECT_TWO)).isNotSameInstanceAs(first);
    }
  }

  @Test
  void statementInUseIsNotHandedOutTwice() throws Exception {
    try (PooledSqliteConnection c = open()) {
      PreparedStatement outer = c.acquire(SELECT_ONE);
      try (ResultSet rs = outer.executeQuery()) {
        PreparedStatement inner = c.acquire(SELECT_ONE);
        assertThat(inner).isNotSameInstanceAs(outer);
        try (ResultSet nested = inner.executeQuery()) {
          assertThat(nested.next()).isTrue();
        }
        c.release(SELECT_ONE, inner, true);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      c.release(SELECT_ONE, outer, true);
      assertThat(outer.isClosed()).isTrue();
      assertThat(c.cachedStatements()).isEqualTo(1);
    }
  }

  @Test
  void statementWhoseUseFailedIsClosedNotCached() throws Exception {
    try (PooledSqliteConnection c = open()) {
      PreparedStatement ps = c.acquire(SELECT_ONE);
      c.release(SELECT_ONE, ps, false);
      assertThat(ps.isClosed()).isTrue();
      assertThat(c.cachedStatements()).isEqualTo(0);
    }
  }

  @Test
  void closingTheConnectionClosesCachedStatements() throws Exception {
    PooledSqliteConnection c = open();
    PreparedStatement ps = c.acquire(SELECT_ONE);
    c.release(SELECT_ONE, ps, true);
    c.close();
    assertThat(ps.isClosed()).isTrue();
  }

  @Test
  void boundParametersAreClearedOnRelease() throws Exception {
    SqlStatement echo = SqlStatement.read(null, "test.echo", "SELECT ?", null);
    try (PooledSqliteConnection c = open()) {
      PreparedStatement ps = c.acquire(echo);
      ps.setBytes(1, new byte[1024 * 1024]);
      ps.executeQuery().close();
      c.release(echo, ps, true);
      PreparedStatement again = c.acquire(echo);
      try (ResultSet rs = again.executeQuery()) {
        rs.next();
        assertThat(rs.getObject(1)).isNull();
      }
      c.release(echo, again, true);
    }
  }
}
