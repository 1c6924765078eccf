package dev.flujo.runtime.internal.error;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.SynchronousMode;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.pool.ConnectionPool;
import dev.flujo.runtime.internal.pool.DatabaseLocation;
import dev.flujo.runtime.internal.pool.SqliteConnectionFactory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Classification of failures provoked on real SQLite connections, by extended result code. */
class SqliteErrorsTest {
  @TempDir Path dir;

  private Connection open(Path file, int busyTimeoutMillis) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMillis);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  private Connection openWal(String name) throws SQLException {
    Connection c = open(dir.resolve(name), 0);
    exec(c, "PRAGMA journal_mode=WAL");
    return c;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static SQLException failure(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> exec(c, sql));
  }

  private static void assertTransient(SQLException e, SQLiteErrorCode expected) {
    assertThat(SqliteErrors.resultCode(e)).isEqualTo(expected.code);
    assertThat(SqliteErrors.isTransient(e)).isTrue();
    StateException translated = SqliteErrors.translate(e, "op", "t");
    assertThat(translated).isInstanceOf(TransientStateException.class);
    assertThat(translated.resultCode()).isEqualTo(expected.code);
    assertThat(translated.table()).isEqualTo("t");
  }

  private static StateException assertPermanent(SQLException e, int expectedPrimary) {
    assertThat(SqliteErrors.primaryCode(SqliteErrors.resultCode(e))).isEqualTo(expectedPrimary);
    assertThat(SqliteErrors.isTransient(e)).isFalse();
    StateException translated = SqliteErrors.translate(e, "op", "t");
    assertThat(translated).isNotInstanceOf(TransientStateException.class);
    return translated;
  }

  @Test
  void busyFromAnotherConnectionHoldingTheWriteLockIsTransient() throws Exception {
    try (Connection holder = openWal("busy.db");
        Connection contender = open(dir.resolve("busy.db"), 0)) {
      exec(holder, "CREATE TABLE t(k INTEGER PRIMARY KEY)");
      exec(holder, "BEGIN IMMEDIATE");
      assertTransient(failure(contender, "BEGIN IMMEDIATE"), SQLiteErrorCode.SQLITE_BUSY);
      exec(holder, "ROLLBACK");
    }
  }

  @Test
  void busySnapshotOfAStaleReaderThatWritesIsTransient() throws Exception {
    try (Connection writer = openWal("snapshot.db");
        Connection reader = open(dir.resolve("snapshot.db"), 0)) {
      exec(writer, "CREATE TABLE t(k INTEGER PRIMARY KEY)");
      exec(reader, "BEGIN");
      try (Statement s = reader.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
      }
      exec(writer, "INSERT INTO t VALUES (1)");
      assertTransient(
          failure(reader, "INSERT INTO t VALUES (2)"), SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT);
      exec(reader, "ROLLBACK");
    }
  }

  @Test
  void lockedTableOnTheSameConnectionIsTransient() throws Exception {
    try (Connection c = openWal("locked.db")) {
      exec(c, "CREATE TABLE t(k INTEGER PRIMARY KEY)");
      exec(c, "INSERT INTO t VALUES (1), (2)");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT k FROM t")) {
        rs.next();
        assertTransient(failure(c, "DROP TABLE t"), SQLiteErrorCode.SQLITE_LOCKED);
      }
    }
  }

  @Test
  void lockedSharedCacheIsTransient() throws Exception {
    String url = "jdbc:sqlite:file:flujo-locked-shared?mode=memory&cache=shared";
    try (Connection writer = DriverManager.getConnection(url);
        Connection reader = DriverManager.getConnection(url)) {
      exec(writer, "CREATE TABLE t(k INTEGER PRIMARY KEY)");
      exec(writer, "BEGIN");
      exec(writer, "INSERT INTO t VALUES (1)");
      assertTransient(
          failure(reader, "SELECT * FROM t"), SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE);
      exec(writer, "ROLLBACK");
    }
  }

  @Test
  void poolTimeOutIsTransient() throws Exception {
    SqliteConnectionFactory factory =
        new SqliteConnectionFactory(
            DatabaseLocation.ofFile(dir.resolve("pool.db")), SynchronousMode.NORMAL, 0);
    try (ConnectionPool pool =
            new ConnectionPool(factory, 1, Duration.ofMillis(250), Duration.ZERO);
        Connection only = pool.borrow()) {
      SQLException e = assertThrows(SQLException.class, pool::borrow);
      assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
      assertThat(SqliteErrors.isTransient(e)).isTrue();
      assertThat(SqliteErrors.translate(e, "op", null)).isInstanceOf(TransientStateException.class);
      assertThat(only.isClosed()).isFalse();
    }
  }

  @Test
  void poolTimeOutCausedByAFileThatCannotOpenIsNotTransient() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("gone"));
    SqliteConnectionFactory factory =
        new SqliteConnectionFactory(
            DatabaseLocation.ofFile(sub.resolve("pool.db")), SynchronousMode.NORMAL, 0);
    try (ConnectionPool pool =
        new ConnectionPool(factory, 1, Duration.ofMillis(250), Duration.ZERO)) {
      Connection only = pool.borrow();
      try (Stream<Path> files = Files.walk(sub)) {
        files.sorted(Comparator.reverseOrder()).forEach(SqliteErrorsTest::delete);
      }
      pool.evict(only);

      SQLException e = assertThrows(SQLException.class, pool::borrow);

      assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
      assertPermanent(e, SQLiteErrorCode.SQLITE_CANTOPEN.code);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void constraintViolationsAreNeverTransient() throws Exception {
    try (Connection c = openWal("constraints.db")) {
      exec(c, "PRAGMA foreign_keys = ON");
      exec(
          c,
          "CREATE TABLE parent(id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL"
              + " CHECK (n >= 0))");
      exec(c, "CREATE TABLE child(id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id))");
      exec(c, "INSERT INTO parent VALUES (1, 'a@x', 1)");

      StateException duplicate =
          assertPermanent(
              failure(c, "INSERT INTO parent VALUES (1, 'b@x', 1)"), SqliteErrors.CONSTRAINT);
      assertThat(duplicate).isInstanceOf(DuplicateKeyException.class);
      assertThat(duplicate.resultCode())
          .isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY.code);

      StateException unique =
          assertPermanent(
              failure(c, "INSERT INTO parent VALUES (2, 'a@x', 1)"), SqliteErrors.CONSTRAINT);
      assertThat(unique).isInstanceOf(ConstraintViolationException.class);
      assertThat(unique).isNotInstanceOf(DuplicateKeyException.class);
      assertThat(unique.resultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE.code);

      StateException check =
          assertPermanent(
              failure(c, "INSERT INTO parent VALUES (3, 'c@x', -1)"), SqliteErrors.CONSTRAINT);
      assertThat(check.resultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK.code);

      StateException notNull =
          assertPermanent(
              failure(c, "INSERT INTO parent VALUES (4, 'd@x', NULL)"), SqliteErrors.CONSTRAINT);
      assertThat(notNull.resultCode()).isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL.code);

      StateException foreignKey =
          assertPermanent(failure(c, "INSERT INTO child VALUES (1, 99)"), SqliteErrors.CONSTRAINT);
      assertThat(foreignKey.resultCode())
          .isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY.code);
    }
  }

  @Test
  void aBatchFailureIsClassifiedByTheCodeOfTheRowThatFailed() throws Exception {
    try (Connection c = openWal("batch.db")) {
      exec(c, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT UNIQUE)");
      SQLException e;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int k = 1; k <= 2; k++) {
          ps.setInt(1, k);
          ps.setString(2, "same");
          ps.addBatch();
        }
        e = assertThrows(SQLException.class, ps::executeBatch);
      }
      assertPermanent(e, SqliteErrors.CONSTRAINT);
      assertThat(SqliteErrors.resultCode(e))
          .isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE.code);
    }
  }

  @Test
  void badSqlIsNeverTransient() throws Exception {
    try (Connection c = openWal("sql.db")) {
      assertPermanent(failure(c, "SELEC 1"), SqliteErrors.ERROR);
      assertPermanent(failure(c, "SELECT * FROM missing_table"), SqliteErrors.ERROR);
    }
  }

  @Test
  void corruptFileIsNeverTransient() throws Exception {
    Path file = dir.resolve("corrupt.db");
    try (Connection c = open(file, 0)) {
      exec(c, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
      exec(
          c,
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " INSERT INTO t SELECT i, printf('%0100d', i) FROM n");
    }
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] garbage = new byte[4096];
      Arrays.fill(garbage, (byte) 0x5a);
      raw.seek(4096);
      raw.write(garbage);
    }
    try (Connection c = open(file, 0)) {
      StateException e =
          assertPermanent(failure(c, "SELECT sum(length(v)) FROM t"), SqliteErrors.CORRUPT);
      assertThat(e).isInstanceOf(CorruptDatabaseException.class);
    }
  }

  @Test
  void fileThatIsNotADatabaseIsNeverTransient() throws Exception {
    Path file = dir.resolve("text.db");
    Files.writeString(file, "not a database. ".repeat(512), StandardCharsets.US_ASCII);
    try (Connection c = open(file, 0)) {
      StateException e =
          assertPermanent(failure(c, "SELECT * FROM sqlite_master"), SqliteErrors.NOTADB);
      assertThat(e).isInstanceOf(CorruptDatabaseException.class);
    }
  }

  @Test
  void fullDatabaseIsNeverTransient() throws Exception {
    try (Connection c = openWal("full.db")) {
      exec(c, "CREATE TABLE t(v BLOB)");
      exec(c, "PRAGMA max_page_count = 8");
      assertPermanent(failure(c, "INSERT INTO t VALUES (randomblob(100000))"), SqliteErrors.FULL);
    }
  }

  @Test
  void readOnlyDatabaseIsNeverTransient() throws Exception {
    Path file = dir.resolve("readonly.db");
    try (Connection c = open(file, 0)) {
      exec(c, "CREATE TABLE t(k INTEGER)");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())) {
      assertPermanent(failure(c, "INSERT INTO t VALUES (1)"), SqliteErrors.READONLY);
    }
    try (Connection c = open(file, 0)) {
      exec(c, "PRAGMA query_only = 1");
      assertPermanent(failure(c, "INSERT INTO t VALUES (1)"), SqliteErrors.READONLY);
    }
  }

  @Test
  void ioErrorIsNeverTransient() throws Exception {
    Path file = dir.resolve("io.db");
    try (Connection c = open(file, 0)) {
      exec(c, "PRAGMA journal_mode=DELETE");
      exec(c, "CREATE TABLE t(k INTEGER)");
    }
    // a directory where the rollback journal belongs cannot be read as a hot journal
    Files.createDirectory(dir.resolve("io.db-journal"));
    try (Connection c = open(file, 0)) {
      StateException e =
          assertPermanent(failure(c, "INSERT INTO t VALUES (1)"), SqliteErrors.IOERR);
      assertThat(e.resultCode()).isEqualTo(SQLiteErrorCode.SQLITE_IOERR_READ.code);
    }
  }

  @Test
  void everyBusyAndLockedCodeIsTransientAndNothingElseIs() {
    int transientCodes = 0;
    for (SQLiteErrorCode code : SQLiteErrorCode.values()) {
      if (code == SQLiteErrorCode.UNKNOWN_ERROR) {
        continue;
      }
      // the message claims a lock on purpose: only the code may decide
      SQLiteException e = new SQLiteException("database is locked", code);
      int primary = code.code & 0xff;
      boolean expected = primary == SqliteErrors.BUSY || primary == SqliteErrors.LOCKED;
      if (SqliteErrors.isTransient(e) != expected) {
        fail(code + " classified as transient=" + !expected);
      }
      if (expected) {
        transientCodes++;
      }
    }
    assertThat(transientCodes).isAtLeast(7);
    for (SQLiteErrorCode code :
        new SQLiteErrorCode[] {
          SQLiteErrorCode.SQLITE_BUSY_RECOVERY,
          SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT,
          SQLiteErrorCode.SQLITE_BUSY_TIMEOUT,
          SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE,
          SQLiteErrorCode.SQLITE_LOCKED_VTAB
        }) {
      assertThat(SqliteErrors.isTransient(new SQLiteException("x", code))).isTrue();
    }
  }

  @Test
  void messageTextAloneNeverMakesAFailureTransient() {
    assertThat(SqliteErrors.isTransient(new SQLException("database is locked", "HY000", 5)))
        .isFalse();
    assertThat(SqliteErrors.isTransient(new SQLException("[SQLITE_BUSY] database is locked")))
        .isFalse();
    SQLiteException unknown =
        new SQLiteException("database is busy", SQLiteErrorCode.UNKNOWN_ERROR);
    assertThat(SqliteErrors.isTransient(unknown)).isFalse();
    assertThat(SqliteErrors.resultCode(unknown)).isEqualTo(StateException.NO_RESULT_CODE);
  }

  @Test
  void onlyCodesThatMayEndATransactionAbandonIt() {
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_BUSY.code)).isTrue();
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_FULL.code)).isTrue();
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_IOERR_WRITE.code)).isTrue();
    assertThat(SqliteErrors.mayEndTransaction(StateException.NO_RESULT_CODE)).isTrue();
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE.code))
        .isFalse();
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_ERROR.code)).isFalse();
    assertThat(SqliteErrors.mayEndTransaction(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE.code))
        .isFalse();
  }
}
