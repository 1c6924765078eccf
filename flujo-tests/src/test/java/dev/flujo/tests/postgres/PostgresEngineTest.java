package dev.flujo.tests.postgres;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.CommitOutcomeUnknownException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.QuerySet;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.TableRebuild;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.spi.Codec;
import dev.flujo.runtime.spi.Session;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.test.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL engine below generated code, on a real server: DDL per dialect, the codec's
 * native types, transactions, savepoints, retries of serialization failures, error translation,
 * schema evolution under the advisory lock, and query checks at open.
 */
class PostgresEngineTest {
  private static final TableDefinition ITEMS =
      TableDefinition.builder("items")
          .columns(
              ColumnDefinition.key("id", ColumnType.UUID, 1),
              ColumnDefinition.notNull("name", ColumnType.TEXT),
              ColumnDefinition.notNull("active", ColumnType.BOOLEAN)
                  .withCheck("\"active\" IN (0, 1)"),
              ColumnDefinition.nullable("price", ColumnType.DECIMAL),
              ColumnDefinition.nullable("due", ColumnType.DATE),
              ColumnDefinition.notNull("created_at", ColumnType.TIMESTAMP),
              ColumnDefinition.notNull("counter", ColumnType.BIGINT).withDefault("0"),
              ColumnDefinition.notNull("status", ColumnType.TEXT)
                  .withCheck("\"status\" IN ('NEW', 'DONE')"))
          .indexes(
              IndexDefinition.of(
                  "idx_items_name",
                  "CREATE INDEX IF NOT EXISTS \"idx_items_name\" ON \"items\" (\"name\")",
                  "name"))
          .createTableSql("CREATE TABLE IF NOT EXISTS \"items\" (...)")
          .fingerprint("items-v1")
          .build();

  private static final SqlStatement INSERT =
      SqlStatement.write(
          "items",
          "Items.insert",
          "INSERT INTO \"items\" (\"id\", \"name\", \"active\", \"price\", \"due\", \"created_at\","
              + " \"status\") VALUES (?, ?, ?, ?, ?, ?, ?)");
  private static final SqlStatement FIND =
      SqlStatement.read(
          "items",
          "Items.find",
          "SELECT \"id\", \"name\", \"active\", \"price\", \"due\", \"created_at\", \"counter\""
              + " FROM \"items\" WHERE \"id\" = ?");
  private static final SqlStatement COUNT =
      SqlStatement.read("items", "Items.count", "SELECT count(*) FROM \"items\"");
  private static final SqlStatement INCREMENT =
      SqlStatement.write(
          "items", "Items.increment", "UPDATE \"items\" SET \"counter\" = \"counter\" + 1 WHERE \"id\" = ?");
  private static final SqlStatement READ_COUNTER =
      SqlStatement.read("items", "Items.counter", "SELECT \"counter\" FROM \"items\" WHERE \"id\" = ?");

  private final PostgresServer server = PostgresServer.get();
  private String url;
  private final List<StateDatabase> opened = new ArrayList<>();

  @BeforeEach
  void createDatabase() {
    url = server.newDatabase();
  }

  @AfterEach
  void dropDatabase() {
    for (StateDatabase db : opened) {
      db.close();
    }
    server.dropDatabase(url);
  }

  private StateDatabase open(TableDefinition... tables) {
    StateDatabase.Builder builder = StateDatabase.builder().url(url).tables(tables);
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    StateDatabase db = builder.open();
    opened.add(db);
    return db;
  }

  private void insert(Session session, UUID id, String name) {
    Codec codec = session.codec();
    session.execute(
        INSERT,
        st -> {
          codec.setUuid(st, 1, id);
          st.setString(2, name);
          codec.setBoolean(st, 3, true);
          codec.setDecimal(st, 4, new BigDecimal("12.50"));
          codec.setDate(st, 5, LocalDate.of(2026, 12, 7));
          codec.setTimestamp(st, 6, 1_765_000_000_123_456L);
          st.setString(7, "NEW");
          return st.executeUpdate();
        });
  }

  private long count(Session session) {
    return session.execute(
        COUNT,
        st -> {
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void openCreatesTablesWithNativeTypesAndDialectIsPostgres() throws Exception {
    StateDatabase db = open(ITEMS);
    assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(db.file()).isEmpty();
    try (Connection c = server.connect(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_name = 'items' ORDER BY ordinal_position")) {
      List<String> columns = new ArrayList<>();
      while (rs.next()) {
        columns.add(rs.getString(1) + " " + rs.getString(2));
      }
      assertThat(columns)
          .containsExactly(
              "id uuid",
              "name text",
              "active boolean",
              "price numeric",
              "due date",
              "created_at timestamp with time zone",
              "counter bigint",
              "status text")
          .inOrder();
    }
  }

  @Test
  void codecRoundTripsNativeValuesExactly() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    UUID id = UUID.randomUUID();
    insert(session, id, "a");
    String row =
        session.execute(
            FIND,
            st -> {
              session.codec().setUuid(st, 1, id);
              try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Codec codec = session.codec();
                return codec.getUuid(rs, 1, "items", "id")
                    + " "
                    + rs.getString(2)
                    + " "
                    + codec.getBoolean(rs, 3, "items", "active")
                    + " "
                    + codec.getDecimal(rs, 4, "items", "price")
                    + " "
                    + codec.getDate(rs, 5, "items", "due")
                    + " "
                    + codec.getInstant(rs, 6)
                    + " "
                    + rs.getLong(7);
              }
            });
    assertThat(row)
        .isEqualTo(
            id + " a true 12.50 2026-12-07 " + Instant.parse("2025-12-06T05:46:40.123456Z") + " 0");
  }

  @Test
  void duplicateKeyIsDuplicateKeyExceptionAndNothingIsHalfWritten() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    UUID id = UUID.randomUUID();
    insert(session, id, "a");
    DuplicateKeyException e =
        assertThrows(DuplicateKeyException.class, () -> insert(session, id, "b"));
    assertThat(e.sqlState()).isEqualTo("23505");
    assertThat(e.table()).isEqualTo("items");
    assertThat(count(session)).isEqualTo(1);
  }

  @Test
  void transactionRollsBackOnThrowAndCommitsOnReturn() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            db.inTransaction(
                () -> {
                  insert(session, UUID.randomUUID(), "rolled back");
                  throw new IllegalArgumentException("boom");
                }));
    assertThat(count(session)).isEqualTo(0);
    db.inTransaction(() -> insert(session, UUID.randomUUID(), "kept"));
    assertThat(count(session)).isEqualTo(1);
  }

  @Test
  void nestedBlockRecoversFromAFailedStatementThroughItsSavepoint() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    UUID id = UUID.randomUUID();
    insert(session, id, "first");
    db.inTransaction(
        () -> {
          insert(session, UUID.randomUUID(), "second");
          assertThrows(
              DuplicateKeyException.class,
              () -> db.inTransaction(() -> insert(session, id, "again")));
          insert(session, UUID.randomUUID(), "third");
        });
    assertThat(count(session)).isEqualTo(3);
  }

  @Test
  void failedStatementAbandonsTheTransactionUnlessASavepointRecoversIt() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    UUID id = UUID.randomUUID();
    insert(session, id, "first");
    StateException e =
        assertThrows(
            StateException.class,
            () ->
                db.inTransaction(
                    () -> {
                      insert(session, UUID.randomUUID(), "second");
                      try {
                        insert(session, id, "again");
                      } catch (DuplicateKeyException expected) {
                        // caught, but PostgreSQL has aborted the transaction
                      }
                    }));
    assertThat(e).hasMessageThat().contains("abandoned");
    assertThat(count(session)).isEqualTo(1);
  }

  @Test
  void readTransactionRefusesWrites() {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    assertThrows(
        IllegalStateException.class,
        () -> db.readTransaction(() -> insert(session, UUID.randomUUID(), "no")));
    assertThat(count(session)).isEqualTo(0);
  }

  @Test
  void serializationFailuresAreRetriedUntilEveryIncrementIsApplied() throws Exception {
    StateDatabase db = open(ITEMS);
    Session session = Session.of(db, ITEMS);
    UUID id = UUID.randomUUID();
    insert(session, id, "hot");
    int threads = 4;
    int perThread = 25;
    RetryPolicy patient = new RetryPolicy(100, 1, 2.0, 20, 0.5);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  db.inTransaction(
                      patient,
                      () -> {
                        attempts.incrementAndGet();
                        long value = readCounter(session, id);
                        session.execute(
                            INCREMENT,
                            st -> {
                              session.codec().setUuid(st, 1, id);
                              return st.executeUpdate();
                            });
                        return value;
                      });
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertThat(readCounter(session, id)).isEqualTo((long) threads * perThread);
    assertThat(db.metrics().transientFailures()).isGreaterThan(0L);
    assertThat(attempts.get()).isGreaterThan(threads * perThread);
  }

  private static long readCounter(Session session, UUID id) {
    return session.execute(
        READ_COUNTER,
        st -> {
          session.codec().setUuid(st, 1, id);
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void reopeningAddsANewNullableColumnAndKeepsRows() {
    StateDatabase db = open(ITEMS);
    insert(Session.of(db, ITEMS), UUID.randomUUID(), "kept");
    db.close();
    opened.clear();
    TableDefinition v2 =
        TableDefinition.builder("items")
            .columns(ITEMS.columns().toArray(new ColumnDefinition[0]))
            .columns(ColumnDefinition.nullable("note", ColumnType.TEXT))
            .indexes(ITEMS.indexes().toArray(new IndexDefinition[0]))
            .createTableSql("CREATE TABLE ...")
            .fingerprint("items-v2")
            .build();
    StateDatabase again = open(v2);
    assertThat(count(Session.of(again, v2))).isEqualTo(1);
  }

  @Test
  void retypedColumnIsRefusedWithTheSchemaMessage() {
    open(ITEMS).close();
    opened.clear();
    List<ColumnDefinition> columns = new ArrayList<>(ITEMS.columns());
    columns.set(1, ColumnDefinition.notNull("name", ColumnType.BIGINT));
    TableDefinition retyped =
        TableDefinition.builder("items")
            .columns(columns.toArray(new ColumnDefinition[0]))
            .createTableSql("CREATE TABLE ...")
            .fingerprint("items-v3")
            .build();
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> open(retyped));
    assertThat(e).hasMessageThat().contains("column \"name\"");
    assertThat(e).hasMessageThat().contains("type text instead of bigint");
    assertThat(e).hasMessageThat().contains("Nothing was changed");
  }

  @Test
  void migrationStepRebuildsARenamedColumnAndKeepsTheRows() throws Exception {
    StateDatabase db = open(ITEMS);
    insert(Session.of(db, ITEMS), UUID.randomUUID(), "renamed");
    db.close();
    opened.clear();
    List<ColumnDefinition> columns = new ArrayList<>(ITEMS.columns());
    columns.set(1, ColumnDefinition.notNull("title", ColumnType.TEXT));
    TableDefinition v2 =
        TableDefinition.builder("items")
            .columns(columns.toArray(new ColumnDefinition[0]))
            .indexes(
                IndexDefinition.of(
                    "idx_items_title",
                    "CREATE INDEX IF NOT EXISTS \"idx_items_title\" ON \"items\" (\"title\")",
                    "title"))
            .createTableSql("CREATE TABLE ...")
            .fingerprint("items-v2")
            .build();
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url(url)
            .tables(v2)
            .migration(
                "items",
                "items-v1",
                c -> TableRebuild.of(v2).column("title", "\"name\"").run(c));
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    opened.add(builder.open());
    try (Connection c = server.connect(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT \"title\" FROM \"items\"")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("renamed");
    }
  }

  @Test
  void migrationStepThatFailsLeavesTheDatabaseUnchanged() throws Exception {
    open(ITEMS).close();
    opened.clear();
    List<ColumnDefinition> columns = new ArrayList<>(ITEMS.columns());
    columns.set(1, ColumnDefinition.notNull("title", ColumnType.TEXT));
    TableDefinition v2 =
        TableDefinition.builder("items")
            .columns(columns.toArray(new ColumnDefinition[0]))
            .createTableSql("CREATE TABLE ...")
            .fingerprint("items-v2")
            .build();
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url(url)
            .tables(v2)
            .migration(
                "items",
                "items-v1",
                c -> {
                  try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE \"items\" RENAME COLUMN \"name\" TO \"title\"");
                    s.execute("SELECT no_such_function()");
                  }
                });
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, builder::open);
    assertThat(e).hasMessageThat().contains("Nothing was changed");
    try (Connection c = server.connect(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'items' AND column_name = 'name'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void manyInstancesOpeningAtOnceCreateTheSchemaExactlyOnce() throws Exception {
    int instances = 6;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StateDatabase>> dbs = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      dbs.add(
          pool.submit(
              () -> {
                start.await();
                return open(ITEMS);
              }));
    }
    start.countDown();
    for (Future<StateDatabase> f : dbs) {
      assertThat(f.get().dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
    pool.shutdown();
  }

  @Test
  void queriesThatDoNotFitTheServerFailOpenListingEachMethod() {
    QuerySet queries =
        QuerySet.of(
            "com.example.ItemQueries",
            SqlStatement.read("items", "ItemQueries.byName", "SELECT \"id\" FROM \"items\" WHERE \"name\" = ?")
                .parameters(ColumnType.TEXT)
                .results(ColumnType.UUID),
            SqlStatement.read("items", "ItemQueries.since", "SELECT count(*) FROM \"items\" WHERE \"created_at\" > ?")
                .parameters(ColumnType.BIGINT),
            SqlStatement.read("items", "ItemQueries.broken", "SELECT \"nope\" FROM \"items\""));
    StateDatabase.Builder builder =
        StateDatabase.builder().url(url).tables(ITEMS).queries(queries);
    if (server.user() != null) {
      builder.credentials(server.user(), server.password());
    }
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class, builder::open);
    assertThat(e).hasMessageThat().contains("com.example.ItemQueries");
    assertThat(e).hasMessageThat().doesNotContain("ItemQueries.byName");
    assertThat(e).hasMessageThat().contains("ItemQueries.since: parameter 1 is timestamptz");
    assertThat(e).hasMessageThat().contains("ItemQueries.broken: the server cannot prepare it");
  }

  @Test
  void backupToIsRefusedPointingToTheServersTools() {
    StateDatabase db = open(ITEMS);
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> db.backupTo(java.nio.file.Path.of("/tmp/never.db")));
    assertThat(e).hasMessageThat().contains("pg_dump");
  }

  @Test
  void unreachableServerFailsOpenAsTransient() {
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url("jdbc:postgresql://127.0.0.1:1/none")
            .connectionTimeout(Duration.ofMillis(500))
            .tables(ITEMS);
    StateException e = assertThrows(StateException.class, builder::open);
    assertThat(e).isInstanceOf(TransientStateException.class);
  }

  @Test
  void commitOutcomeUnknownIsItsOwnExceptionType() {
    assertThat(StateException.class.isAssignableFrom(CommitOutcomeUnknownException.class)).isTrue();
    assertThat(TransientStateException.class.isAssignableFrom(CommitOutcomeUnknownException.class))
        .isFalse();
  }
}
