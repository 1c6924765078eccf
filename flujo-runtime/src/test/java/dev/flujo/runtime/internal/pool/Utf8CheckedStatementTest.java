package dev.flujo.runtime.internal.pool;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.SynchronousMode;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8CheckedStatementTest {
  @TempDir Path dir;

  @Test
  void findsUnpairedSurrogatesAndAcceptsPairs() {
    assertThat(Utf8CheckedStatement.unpairedSurrogate("plain")).isEqualTo(-1);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("")).isEqualTo(-1);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("\uD83D\uDE00 ok")).isEqualTo(-1);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("\uD800")).isEqualTo(0);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("ab\uDC00")).isEqualTo(2);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("a\uD83Db")).isEqualTo(1);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("\uDE00\uD83D")).isEqualTo(0);
    assertThat(Utf8CheckedStatement.unpairedSurrogate("\uD83D\uDE00\uD83D")).isEqualTo(2);
  }

  @Test
  void pooledConnectionRefusesLoneSurrogatesAndStoresEverythingElseVerbatim() throws Exception {
    SqliteConnectionFactory factory =
        new SqliteConnectionFactory(
            DatabaseLocation.ofFile(dir.resolve("utf8.db")), SynchronousMode.NORMAL, 1000);
    try (PooledSqliteConnection c = factory.open()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (k TEXT PRIMARY KEY)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        DataConversionException refused =
            assertThrows(DataConversionException.class, () -> ps.setString(1, "\uD800"));
        assertThat(refused).hasMessageThat().contains("U+D800 at index 0");
        assertThrows(DataConversionException.class, () -> ps.setObject(1, "x\uDC00"));
        ps.setString(1, "\uD83D\uDE00");
        ps.executeUpdate();
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT k, hex(k) FROM t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("\uD83D\uDE00");
        assertThat(rs.getString(2)).isEqualTo("F09F9880");
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
