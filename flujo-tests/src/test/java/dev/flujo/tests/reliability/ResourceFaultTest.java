package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 4, resource faults: a read-only directory, a full disk, the file deleted or replaced under
 * an open database, an exhausted pool. Each must surface as a {@link StateException} that says what
 * happened (and is not retried as transient when retrying cannot help); afterwards the file passes
 * {@code integrity_check} and holds every commit acknowledged before the fault.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ResourceFaultTest {
  static final int SQLITE_READONLY = 8;
  static final int SQLITE_IOERR = 10;
  static final int SQLITE_FULL = 13;
  static final int SQLITE_CANTOPEN = 14;

  @TempDir Path dir;

  private static StateDatabase open(Path file) {
    return StateDatabase.builder()
        .file(file)
        .tables(Ledger.TABLES)
        .corruptionPolicy(CorruptionPolicy.FAIL)
        .poolSize(2)
        .open();
  }

  /** Commits {@code count} transfers and returns their ids. */
  private static Set<Long> commitTransfers(Ledger ledger, long first, int count) {
    Random random = new Random(first);
    Set<Long> committed = new HashSet<>();
    for (long txn = first; txn < first + count; txn++) {
      ledger.transfer(Ledger.Plan.random(txn, random, 2, 100));
      committed.add(txn);
    }
    return committed;
  }

  private static int primary(StateException e) {
    return e.resultCode() < 0 ? -1 : e.resultCode() & 0xff;
  }

  @Test
  void readOnlyDirectoryRefusesToOpenWithCantOpenAndKeepsEveryCommit() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path file = data.resolve("ro.db");
    Set<Long> committed;
    try (StateDatabase db = open(file)) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      committed = commitTransfers(ledger, 1, 50);
    }

    StateException refused;
    String mechanism;
    try (ReadOnlyDirectory ro = ReadOnlyDirectory.of(data)) {
      mechanism = ro.mechanism();
      refused =
          assertThrows(
              StateException.class,
              () -> StateDatabase.builder().file(file).tables(Ledger.TABLES).open().close());
    }
    assertThat(refused).isNotInstanceOf(TransientStateException.class);
    assertWithMessage("result code of %s", refused)
        .that(primary(refused))
        .isAnyOf(SQLITE_CANTOPEN, SQLITE_READONLY);
    assertThat(refused).hasMessageThat().contains(file.toString());
    try (Stream<Path> files = Files.list(data)) {
      assertWithMessage("files after the refused open (the default policy must not move it aside)")
          .that(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
          .containsExactly("ro.db");
    }
    LedgerCheck.Result result =
        LedgerCheck.verify(file, committed, Map.of(), "after read-only dir");
    Figures.of("fault read-only directory")
        .put("mechanism", mechanism)
        .put("error", refused.getClass().getSimpleName() + " rc=" + refused.resultCode())
        .put("commitsChecked", result.acknowledgedChecked())
        .record();
  }

  @Test
  void directoryTurningReadOnlyUnderAnOpenDatabaseLosesNoAcknowledgedCommit() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path file = data.resolve("ro-open.db");
    Set<Long> committed;
    List<StateException> failures = new ArrayList<>();
    try (StateDatabase db = open(file)) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      committed = commitTransfers(ledger, 1, 20);
      try (ReadOnlyDirectory ro = ReadOnlyDirectory.of(data)) {
        System.out.println("directory made read-only by " + ro.mechanism());
        Random random = new Random(7);
        for (long txn = 100; txn < 400; txn++) {
          try {
            ledger.transfer(Ledger.Plan.random(txn, random, 2, 2000));
            committed.add(txn);
          } catch (StateException e) {
            failures.add(e);
          }
        }
      }
    }
    for (StateException e : failures) {
      assertThat(e).isNotInstanceOf(TransientStateException.class);
    }
    LedgerCheck.Result result =
        LedgerCheck.verify(file, committed, Map.of(), "after the directory turned read-only");
    Figures.of("fault directory read-only while open")
        .put("commitsChecked", result.acknowledgedChecked())
        .put("refusedWrites", failures.size())
        .record();
  }

  @Test
  void fullDiskFailsWithAClearNonTransientErrorAndKeepsEveryAcknowledgedCommit() throws Exception {
    Path file = dir.resolve("full.db");
    try (StateDatabase db = open(file)) {
      new Ledger(db).seedAccounts();
    }
    List<String> lines;
    try (ChildJvm child =
        ChildJvm.startWithFileSizeLimit(
            2048,
            dir.resolve("native"),
            DiskFullChild.class,
            dir.resolve("child.log"),
            ChildJvm.SMALL,
            file.toString())) {
      int exit = child.awaitExit(Duration.ofSeconds(120));
      lines = child.lines();
      assertWithMessage("exit of the disk-full child; output %s\nlog:\n%s", lines, child.logTail())
          .that(exit)
          .isEqualTo(0);
    }
    Set<Long> acknowledged = new HashSet<>();
    Map<String, String> report = new HashMap<>();
    for (String line : lines) {
      String[] parts = line.split(" ", 2);
      if (parts[0].equals("T")) {
        acknowledged.add(Long.parseLong(parts[1]));
      } else {
        report.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    assertWithMessage("child output %s", lines).that(report).containsKey("FAULT");
    String[] fault = report.get("FAULT").split(" ", 4);
    assertWithMessage("exception class of the full disk: %s", report.get("FAULT"))
        .that(StateException.class.isAssignableFrom(Class.forName(fault[0])))
        .isTrue();
    assertWithMessage("result code of the full disk: %s", report.get("FAULT"))
        .that(Integer.parseInt(fault[1]) & 0xff)
        .isAnyOf(SQLITE_FULL, SQLITE_IOERR);
    assertWithMessage("the full disk was treated as transient: %s", report.get("FAULT"))
        .that(fault[2])
        .isEqualTo("permanent");
    assertWithMessage("a write after the fault: %s", lines).that(report).containsKey("AFTER");
    assertWithMessage("a read after the fault: %s", lines).that(report.get("READ")).isEqualTo("ok");
    assertWithMessage("transfers acknowledged before the disk filled")
        .that(acknowledged)
        .isNotEmpty();

    try (StateDatabase db = open(file)) {
      assertThat(new Ledger(db).totalBalance()).isEqualTo(Ledger.TOTAL);
    }
    LedgerCheck.Result result = LedgerCheck.verify(file, acknowledged, Map.of(), "after disk full");
    Figures.of("fault disk full (RLIMIT_FSIZE 2 MiB)")
        .put("error", report.get("FAULT"))
        .put("commitsChecked", result.acknowledgedChecked())
        .record();
  }

  @Test
  void deletingTheFileUnderAnOpenDatabaseMakesWritesFailInsteadOfVanishing() throws Exception {
    Path file = dir.resolve("deleted.db");
    try (StateDatabase db = open(file)) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      ledger.markers.upsert(new Marker("before", 1, ""));
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      StateException refused =
          assertThrows(
              StateException.class,
              () -> ledger.markers.upsert(new Marker("after-delete", 2, "")),
              "a write to a deleted database file was acknowledged, and is lost when it closes");
      assertThat(refused).isNotInstanceOf(TransientStateException.class);
      assertThat(refused).hasMessageThat().contains(file.toString());
    }
  }

  @Test
  void replacingTheFileUnderAnOpenDatabaseRefusesWritesAndLeavesTheReplacementIntact()
      throws Exception {
    Path file = dir.resolve("replaced.db");
    Path replacement = dir.resolve("replacement.db");
    try (StateDatabase other = open(replacement)) {
      new MarkerDao(other).upsert(new Marker("replacement", 1, "restored backup"));
    }
    try (StateDatabase db = open(file)) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      ledger.markers.upsert(new Marker("original", 1, ""));
      Files.move(
          replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      StateException refused =
          assertThrows(
              StateException.class,
              () -> ledger.markers.upsert(new Marker("after-replace", 2, "")),
              "a write to a replaced database file was acknowledged into the old, unlinked file");
      assertThat(refused).isNotInstanceOf(TransientStateException.class);
    }
    LedgerCheck.assertIntegrity(file, "after replacing the file");
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM rel_marker ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    assertWithMessage("markers in the file that replaced the open one")
        .that(ids)
        .containsExactly("replacement");
  }

  @Test
  void exhaustedPoolTimesOutNamingThePoolAndTheWait() throws Exception {
    Path file = dir.resolve("pool.db");
    try (StateDatabase db =
        StateDatabase.builder()
            .file(file)
            .tables(Ledger.TABLES)
            .poolSize(1)
            .connectionTimeout(Duration.ofMillis(300))
            .retryPolicy(new RetryPolicy(2, 10, 2.0, 10, 0.0))
            .open()) {
      Ledger ledger = new Ledger(db);
      ledger.seedAccounts();
      ledger.markers.upsert(new Marker("before", 1, ""));
      StateException timedOut;
      long started = System.nanoTime();
      try (Stream<Account> holding = ledger.accounts.streamAll()) {
        assertThat(holding.findFirst()).isPresent();
        timedOut = assertThrows(StateException.class, () -> ledger.markers.findById("before"));
      }
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertWithMessage("the time-out (%s)", timedOut).that(waitedMillis).isAtLeast(600L);
      assertThat(timedOut).hasMessageThat().contains("flujo-pool.db");
      assertThat(timedOut).hasMessageThat().containsMatch("\\b3\\d\\d ?ms");
      assertThat(db.metrics().poolActive()).isEqualTo(0);
      assertThat(ledger.markers.findById("before")).isPresent();
      Figures.of("fault pool exhausted")
          .put("error", timedOut.getClass().getSimpleName() + ": " + timedOut.getMessage())
          .record();
    }
    LedgerCheck.assertIntegrity(file, "after the pool time-out");
  }

  /**
   * Runs under RLIMIT_FSIZE: commits padded transfers, printing {@code T <txn>} after each, until
   * one fails; prints {@code FAULT <class> <resultCode> <transient|permanent> <message>}, then the
   * outcome of one more write ({@code AFTER}) and of a read ({@code READ}), and closes.
   */
  public static final class DiskFullChild {
    private DiskFullChild() {}

    /** Fills the disk. */
    public static void main(String[] args) {
      ChildOutput.guarded(() -> run(Path.of(args[0])));
      System.exit(0);
    }

    private static void run(Path file) {
      try (StateDatabase db = open(file)) {
        Ledger ledger = new Ledger(db);
        Random random = new Random(42);
        long txn = 1;
        try {
          for (; txn < 1_000_000; txn++) {
            ledger.transfer(Ledger.Plan.random(txn, random, 6, 2000));
            ChildOutput.line("T " + txn);
          }
          ChildOutput.line("NOFAULT");
        } catch (StateException e) {
          ChildOutput.line(
              "FAULT "
                  + e.getClass().getName()
                  + " "
                  + e.resultCode()
                  + " "
                  + (e instanceof TransientStateException ? "transient" : "permanent")
                  + " "
                  + e.getMessage().replace('\n', ' '));
        }
        try {
          ledger.transfer(Ledger.Plan.random(txn + 1, random, 6, 2000));
          ChildOutput.line("AFTER ok");
        } catch (StateException e) {
          ChildOutput.line("AFTER " + e.getClass().getSimpleName() + " " + e.resultCode());
        }
        try {
          ledger.accounts.findById(Ledger.account(0)).orElseThrow();
          ChildOutput.line("READ ok");
        } catch (StateException e) {
          ChildOutput.line("READ " + e.getClass().getSimpleName() + " " + e.resultCode());
        }
      }
      ChildOutput.line("CLOSED");
    }
  }
}
