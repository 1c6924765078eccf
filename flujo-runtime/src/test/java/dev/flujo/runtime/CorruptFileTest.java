package dev.flujo.runtime;

import dev.flujo.runtime.spi.Session;
import static com.google.common.truth.Truth.assertThat;
import static dev.flujo.runtime.TestTables.table;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.spi.SqlStatement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptFileTest {
  private static final TableDefinition ITEM =
      table("item").key("id", "INTEGER").notNull("payload", "TEXT").build();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
  private static final String STAMP = "20250304T050607Z";
  private static final SqlStatement COUNT =
      SqlStatement.read(
          "item", "test.count", "SELECT count(*), sum(length(payload)) FROM item", null);

  @TempDir Path dir;
  private Path file;
  private final List<Path> immutable = new ArrayList<>();

  @BeforeEach
  void setUp() {
    file = dir.resolve("state.db");
  }

  @AfterEach
  void clearImmutable() throws Exception {
    for (Path p : immutable) {
      new ProcessBuilder("chattr", "-i", p.toString()).inheritIO().start().waitFor();
    }
  }

  private StateDatabase.Builder builder(CorruptionPolicy policy) {
    return StateDatabase.builder()
        .file(file)
        .tables(ITEM)
        .clock(CLOCK)
        .corruptionPolicy(policy)
        .busyTimeout(Duration.ofMillis(200));
  }

  /** A sound database with 2000 rows of about 200 bytes, spread over many pages. */
  private void writeGoodFile() throws Exception {
    builder(CorruptionPolicy.FAIL).open().close();
    try (Connection c = TestFiles.connect(file);
        Statement s = c.createStatement()) {
      s.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
              + " INSERT INTO item SELECT i, hex(randomblob(100)) FROM n");
    }
  }

  private List<String> dirListing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static long count(StateDatabase db) {
    return Session.of(db).execute(
        COUNT,
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Runs {@code open} capturing what is logged to standard error (slf4j-simple's target). */
  private static <T> T capturingLog(StringBuilder log, Supplier<T> open) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, UTF_8));
    try {
      return open.get();
    } finally {
      System.setErr(original);
      log.append(captured.toString(UTF_8));
    }
  }

  /**
   * Asserts that BACKUP_AND_RECREATE moved {@code original} aside, logged it and opened a fresh
   * database, and that FAIL (tried first) threw and touched nothing.
   */
  private void assertCorrupt(byte[] original, int resultCode, String firstMessage)
      throws Exception {
    List<String> listing = dirListing();
    CorruptDatabaseException e =
        assertThrows(CorruptDatabaseException.class, () -> builder(CorruptionPolicy.FAIL).open());
    String path = file.toAbsolutePath().normalize().toString();
    assertThat(e).hasMessageThat().startsWith("database " + path + " is corrupt: " + firstMessage);
    assertThat(e).hasMessageThat().endsWith("; it was left untouched (CorruptionPolicy.FAIL)");
    assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(resultCode);
    assertThat(Files.readAllBytes(file)).isEqualTo(original);
    List<String> afterFail = new ArrayList<>(dirListing());
    afterFail.removeAll(List.of("state.db-wal", "state.db-shm"));
    assertThat(afterFail).isEqualTo(listing);

    StringBuilder log = new StringBuilder();
    Path backup = dir.resolve("state.db.corrupt." + STAMP);
    try (StateDatabase db =
        capturingLog(log, () -> builder(CorruptionPolicy.BACKUP_AND_RECREATE).open())) {
      assertThat(db.recoveredFrom()).hasValue(backup);
      assertThat(count(db)).isEqualTo(0);
    }
    assertThat(Files.readAllBytes(backup)).isEqualTo(original);
    assertThat(log.toString()).contains("ERROR");
    assertThat(log.toString()).contains("moved it to " + backup);
    assertThat(TestFiles.query(file, "PRAGMA integrity_check")).containsExactly("ok");
  }

  @Test
  void zeroLengthFileIsAnEmptyDatabaseAndIsUsedAsIs() throws Exception {
    Files.createFile(file);
    try (StateDatabase db = builder(CorruptionPolicy.FAIL).open()) {
      assertThat(db.recoveredFrom()).isEmpty();
      assertThat(count(db)).isEqualTo(0);
    }
    assertThat(dirListing()).containsExactly("state.db");
  }

  @Test
  void textFileIsNotADatabase() throws Exception {
    byte[] text = "hello, this is a note, not a database\n".repeat(200).getBytes(UTF_8);
    Files.write(file, text);
    assertCorrupt(
        text,
        SqliteErrors.NOTADB,
        "file is not a database (it does not start with the SQLite header)");
    assertThat(dirListing()).containsAtLeast("state.db", "state.db.corrupt." + STAMP);
  }

  @Test
  void randomBytesAreNotADatabase() throws Exception {
    byte[] random = new byte[64 * 1024];
    new Random(7).nextBytes(random);
    Files.write(file, random);
    assertCorrupt(
        random,
        SqliteErrors.NOTADB,
        "file is not a database (it does not start with the SQLite header)");
  }

  @Test
  void validHeaderWithGarbagePagesFailsQuickCheck() throws Exception {
    writeGoodFile();
    byte[] bytes = Files.readAllBytes(file);
    Random random = new Random(11);
    for (int i = 4096; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt();
    }
    Files.write(file, bytes);
    assertCorrupt(bytes, -1, "quick_check: ");
  }

  @Test
  void fileTruncatedToHalfIsCorrupt() throws Exception {
    writeGoodFile();
    byte[] half = Arrays.copyOf(Files.readAllBytes(file), (int) (Files.size(file) / 2));
    Files.write(file, half);
    assertCorrupt(half, SqliteErrors.CORRUPT, "[SQLITE_CORRUPT]");
  }

  @Test
  void garbageWalBesideAGoodFileIsIgnoredBySqliteAndTheDataIsKept() throws Exception {
    writeGoodFile();
    byte[] garbage = new byte[40_000];
    new Random(13).nextBytes(garbage);
    Files.write(dir.resolve("state.db-wal"), garbage);
    try (StateDatabase db = builder(CorruptionPolicy.FAIL).open()) {
      assertThat(db.recoveredFrom()).isEmpty();
      assertThat(count(db)).isEqualTo(2000);
    }
    assertThat(dirListing()).doesNotContain("state.db.corrupt." + STAMP);
  }

  @Test
  void companionsAreMovedWithTheFileAndEarlierBackupsAreNeverReplaced() throws Exception {
    byte[] text = "not a database".repeat(100).getBytes(UTF_8);
    Files.write(file, text);
    Files.write(dir.resolve("state.db-wal"), "stale wal".getBytes(UTF_8));
    Files.write(dir.resolve("state.db-journal"), "stale journal".getBytes(UTF_8));
    Files.write(dir.resolve("state.db.corrupt." + STAMP), "earlier backup".getBytes(UTF_8));
    Path backup = dir.resolve("state.db.corrupt." + STAMP + ".1");
    try (StateDatabase db = builder(CorruptionPolicy.BACKUP_AND_RECREATE).open()) {
      assertThat(db.recoveredFrom()).hasValue(backup);
    }
    assertThat(Files.readAllBytes(backup)).isEqualTo(text);
    assertThat(Files.readString(dir.resolve("state.db.corrupt." + STAMP + ".1-wal")))
        .isEqualTo("stale wal");
    assertThat(Files.readString(dir.resolve("state.db.corrupt." + STAMP + ".1-journal")))
        .isEqualTo("stale journal");
    assertThat(Files.readString(dir.resolve("state.db.corrupt." + STAMP)))
        .isEqualTo("earlier backup");

    Files.write(file, text);
    try (StateDatabase db = builder(CorruptionPolicy.BACKUP_AND_RECREATE).open()) {
      assertThat(db.recoveredFrom()).hasValue(dir.resolve("state.db.corrupt." + STAMP + ".2"));
    }
    assertThat(Files.readString(dir.resolve("state.db.corrupt." + STAMP + ".1-wal")))
        .isEqualTo("stale wal");
  }

  @Test
  void directoryWhereTheFileShouldBeIsNotCorruptAndIsLeftAlone() throws Exception {
    Files.createDirectory(file);
    Files.writeString(file.resolve("keep.txt"), "mine");
    StateException e =
        assertThrows(
            StateException.class, () -> builder(CorruptionPolicy.BACKUP_AND_RECREATE).open());
    assertThat(e).isNotInstanceOf(CorruptDatabaseException.class);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "cannot open database "
                + file.toAbsolutePath().normalize()
                + ": it is a directory, not a database file");
    assertThat(Files.readString(file.resolve("keep.txt"))).isEqualTo("mine");
    assertThat(dirListing()).containsExactly("state.db");
  }

  @Test
  void readOnlyFileOpensForReadingAndWritesFailAsReadOnlyNotCorrupt() throws Exception {
    writeGoodFile();
    byte[] bytes = Files.readAllBytes(file);
    assumeTrue(makeReadOnly(file), "cannot make a file read-only for this user");
    assertReadOnly(() -> builder(CorruptionPolicy.BACKUP_AND_RECREATE), bytes);
  }

  @Test
  void fileOpenedReadOnlyByUrlOpensForReadingAndWritesFailAsReadOnlyNotCorrupt() throws Exception {
    writeGoodFile();
    byte[] bytes = Files.readAllBytes(file);
    assertReadOnly(
        () ->
            StateDatabase.builder()
                .url("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro")
                .tables(ITEM)
                .clock(CLOCK),
        bytes);
  }

  /**
   * A read-only database opens when its schema needs no change, reads work and writes fail with
   * SQLite's READONLY code; a schema change fails the open the same way. Nothing is moved.
   */
  private void assertReadOnly(Supplier<StateDatabase.Builder> builder, byte[] bytes)
      throws Exception {
    SqlStatement insert =
        SqlStatement.write("item", "test.insert", "INSERT INTO item VALUES (9999, 'x')", null);
    try (StateDatabase db = builder.get().open()) {
      assertThat(db.recoveredFrom()).isEmpty();
      assertThat(count(db)).isEqualTo(2000);
      StateException e =
          assertThrows(StateException.class, () -> Session.of(db).execute(insert, ps -> ps.executeUpdate()));
      assertThat(e).isNotInstanceOf(CorruptDatabaseException.class);
      assertThat(e).isNotInstanceOf(TransientStateException.class);
      assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(8);
      assertThat(db.metrics().retries()).isEqualTo(0);
    }
    StateException e =
        assertThrows(
            StateException.class,
            () -> builder.get().tables(table("extra").key("k", "TEXT").build()).open());
    assertThat(e).isNotInstanceOf(CorruptDatabaseException.class);
    assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(8);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(dirListing()).doesNotContain("state.db.corrupt." + STAMP);
  }

  @Test
  void fileLockedExclusivelyByAnotherConnectionIsBusyNotCorrupt() throws Exception {
    writeGoodFile();
    TestFiles.execute(file, "PRAGMA journal_mode = DELETE");
    try (Connection locker = TestFiles.connect(file);
        Statement s = locker.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      s.execute("BEGIN EXCLUSIVE");
      s.execute("UPDATE item SET payload = 'locked' WHERE id = 1");
      for (CorruptionPolicy policy : CorruptionPolicy.values()) {
        TransientStateException e =
            assertThrows(TransientStateException.class, () -> builder(policy).open());
        assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(SqliteErrors.BUSY);
      }
      s.execute("ROLLBACK");
    }
    assertThat(dirListing()).doesNotContain("state.db.corrupt." + STAMP);
    try (StateDatabase db = builder(CorruptionPolicy.FAIL).open()) {
      assertThat(count(db)).isEqualTo(2000);
    }
  }

  @Test
  void walFileWithAWriterHoldingTheLockOpensWhenUpToDateAndIsBusyNotCorruptWhenItMustChange()
      throws Exception {
    writeGoodFile();
    try (Connection writer = TestFiles.connect(file);
        Statement s = writer.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE item SET payload = 'locked' WHERE id = 1");
      try (StateDatabase db = builder(CorruptionPolicy.BACKUP_AND_RECREATE).open()) {
        assertThat(count(db)).isEqualTo(2000);
      }
      TransientStateException e =
          assertThrows(
              TransientStateException.class,
              () ->
                  builder(CorruptionPolicy.BACKUP_AND_RECREATE)
                      .tables(TestTables.table("extra").key("k", "TEXT").build())
                      .open());
      assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(SqliteErrors.BUSY);
      s.execute("ROLLBACK");
    }
    assertThat(dirListing()).doesNotContain("state.db.corrupt." + STAMP);
  }

  @Test
  void corruptionFoundAfterOpenThrowsIsNotRetriedAndRecoversNothing() throws Exception {
    writeGoodFile();
    byte[] bytes = Files.readAllBytes(file);
    int page = 4096;
    int victim = bytes.length / page - 3;
    Random random = new Random(17);
    for (int i = victim * page; i < (victim + 1) * page; i++) {
      bytes[i] = (byte) random.nextInt();
    }
    Files.write(file, bytes);
    try (StateDatabase db =
        builder(CorruptionPolicy.BACKUP_AND_RECREATE).quickCheck(false).open()) {
      assertThat(db.recoveredFrom()).isEmpty();
      CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> count(db));
      assertThat(SqliteErrors.primaryCode(e.resultCode())).isEqualTo(SqliteErrors.CORRUPT);
      AtomicInteger attempts = new AtomicInteger();
      assertThrows(
          CorruptDatabaseException.class,
          () ->
              db.inTransaction(
                  () -> {
                    attempts.incrementAndGet();
                    return count(db);
                  }));
      assertThat(attempts.get()).isEqualTo(1);
      assertThat(db.metrics().retries()).isEqualTo(0);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(dirListing()).doesNotContain("state.db.corrupt." + STAMP);
  }

  /** Makes the file unwritable, even for root (immutable attribute); false if impossible. */
  private boolean makeReadOnly(Path path) throws Exception {
    path.toFile().setWritable(false, false);
    if (!Files.isWritable(path)) {
      return true;
    }
    try {
      Process chattr = new ProcessBuilder("chattr", "+i", path.toString()).inheritIO().start();
      if (chattr.waitFor() == 0) {
        immutable.add(path);
        try (var out = Files.newOutputStream(path, java.nio.file.StandardOpenOption.APPEND)) {
          out.write(0);
          return false;
        } catch (IOException expected) {
          return true;
        }
      }
    } catch (IOException noChattr) {
      // not Linux, or no chattr
    }
    return false;
  }
}
