package dev.flujo.tests.postgres;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.test.PostgresServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a statement run outside a transaction keeps its prepared statement open on the
 * pooled connection and reuses it on the next call there, and a statement whose call failed is
 * never reused.
 */
class PostgresStatementReuseTest {
  private static final TableDefinition KV =
      TableDefinition.builder("kv")
          .columns(
              ColumnDefinition.key("k", ColumnType.TEXT, 1),
              ColumnDefinition.notNull("v", ColumnType.BIGINT))
          .createTableSql("CREATE TABLE IF NOT EXISTS \"kv\" (...)")
          .fingerprint("kv-v1")
          .build();

  private static final SqlStatement INSERT =
      SqlStatement.write("kv", "Kv.insert", "INSERT INTO \"kv\" (\"k\", \"v\") VALUES (?, ?)");
  private static final SqlStatement FIND =
      SqlStatement.read("kv", "Kv.find", "SELECT \"v\" FROM \"kv\" WHERE \"k\" = ?");

  private final PostgresServer server = PostgresServer.get();
  private String url;
  private StateDatabase db;

  @BeforeEach
  void open() {
    url = server.newDatabase();
    StateDatabase.Builder builder = StateDatabase.builder().url(url).tables(KV).poolSize(1);
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    db = builder.open();
  }

  @AfterEach
  void close() {
    db.close();
    server.dropDatabase(url);
  }

  private PreparedStatement insert(Session session, String k, long v, List<PreparedStatement> used) {
    return session.execute(
        INSERT,
        st -> {
          used.add(st);
          st.setString(1, k);
          st.setLong(2, v);
          st.executeUpdate();
          return st;
        });
  }

  private long find(Session session, String k, List<PreparedStatement> used) {
    return session.execute(
        FIND,
        st -> {
          used.add(st);
          st.setString(1, k);
          try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1L;
          }
        });
  }

  @Test
  void statementOutsideTransactionIsPreparedOnceAndReusedOnItsConnection() throws Exception {
    Session session = Session.of(db, KV);
    List<PreparedStatement> inserts = new ArrayList<>();
    List<PreparedStatement> finds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      insert(session, "k" + i, i * 10L, inserts);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(find(session, "k" + i, finds)).isEqualTo(i * 10L);
    }
    assertThat(find(session, "missing", finds)).isEqualTo(-1L);

    assertThat(inserts.stream().distinct().count()).isEqualTo(1);
    assertThat(finds.stream().distinct().count()).isEqualTo(1);
    assertThat(inserts.get(0)).isNotSameInstanceAs(finds.get(0));
    assertThat(inserts.get(0).isClosed()).isFalse();
    assertThat(finds.get(0).isClosed()).isFalse();
  }

  @Test
  void statementWhoseCallFailedIsClosedAndTheNextCallPreparesAnother() throws Exception {
    Session session = Session.of(db, KV);
    List<PreparedStatement> used = new ArrayList<>();
    insert(session, "a", 1, used);

    assertThrows(DuplicateKeyException.class, () -> insert(session, "a", 2, used));
    insert(session, "b", 3, used);

    assertThat(used).hasSize(3);
    assertThat(used.get(1)).isSameInstanceAs(used.get(0));
    assertThat(used.get(1).isClosed()).isTrue();
    assertThat(used.get(2)).isNotSameInstanceAs(used.get(1));
    assertThat(used.get(2).isClosed()).isFalse();
    List<PreparedStatement> finds = new ArrayList<>();
    assertThat(find(session, "a", finds)).isEqualTo(1L);
    assertThat(find(session, "b", finds)).isEqualTo(3L);
  }

  @Test
  void statementsSurviveTheConnectionsReturnToThePoolAndTransactionsStillWork() throws Exception {
    Session session = Session.of(db, KV);
    List<PreparedStatement> used = new ArrayList<>();
    insert(session, "x", 1, used);
    db.inTransaction(
        () -> {
          insert(session, "y", 2, new ArrayList<>());
          return null;
        });
    insert(session, "z", 3, used);

    assertThat(used.get(1)).isSameInstanceAs(used.get(0));
    assertThat(used.get(0).isClosed()).isFalse();
    List<PreparedStatement> finds = new ArrayList<>();
    assertThat(find(session, "y", finds)).isEqualTo(2L);
    assertThat(find(session, "z", finds)).isEqualTo(3L);
  }
}
