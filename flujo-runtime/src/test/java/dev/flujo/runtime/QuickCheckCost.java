package dev.flujo.runtime;

import static dev.flujo.runtime.TestTables.table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Measures what {@code PRAGMA quick_check} adds to {@link StateDatabase.Builder#open()} on large
 * files. Not a test: run it by hand (see docs/schema.md), once, on an idle machine.
 *
 * <pre>
 * mvn -q -o test-compile -pl flujo-runtime -am
 * java -cp "flujo-runtime/target/test-classes:flujo-runtime/target/classes:$(cat cp.txt)" \
 *     dev.flujo.runtime.QuickCheckCost /tmp/qc 100 1000
 * </pre>
 *
 * For each size in MB it writes a database of rows of about 1 KB (integer key, indexed 32-char text
 * column, 900-byte blob) with a fast bulk insert, then times, three times each: {@code quick_check}
 * alone with the file in the page cache, the same after dropping the file from the page cache
 * ({@code posix_fadvise(DONTNEED)} through python3, if present), and a full open with and without
 * the check.
 */
public final class QuickCheckCost {
  private static final TableDefinition ITEM =
      table("item")
          .key("id", "INTEGER")
          .notNull("k", "TEXT")
          .notNull("payload", "BLOB")
          .index("item_k", false, "k")
          .withoutRowId(false)
          .build();

  private QuickCheckCost() {}

  /** Arguments: a directory, then sizes in MB. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    for (int i = 1; i < args.length; i++) {
      int megabytes = Integer.parseInt(args[i]);
      Path file = dir.resolve("quickcheck-" + megabytes + "mb.db");
      long start = System.nanoTime();
      generate(file, megabytes);
      System.out.printf(
          Locale.ROOT,
          "%d MB requested: file %.0f MB, generated in %.1f s%n",
          megabytes,
          Files.size(file) / 1e6,
          (System.nanoTime() - start) / 1e9);
      for (int round = 0; round < 3; round++) {
        System.out.printf(
            Locale.ROOT,
            "  round %d: quick_check warm %.3f s, cold %s, open with check %.3f s, open without"
                + " %.3f s%n",
            round + 1,
            quickCheck(file),
            dropCache(file) ? String.format(Locale.ROOT, "%.3f s", quickCheck(file)) : "n/a",
            open(file, true),
            open(file, false));
      }
      Files.delete(file);
    }
  }

  private static void generate(Path file, int megabytes) throws Exception {
    Files.deleteIfExists(file);
    StateDatabase.builder().file(file).tables(ITEM).open().close();
    long rows = megabytes * 1_000L;
    try (Connection c = TestFiles.connect(file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = OFF");
      s.execute("PRAGMA synchronous = OFF");
      s.execute("PRAGMA cache_size = -200000");
      s.execute("BEGIN");
      s.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
              + rows
              + ") INSERT INTO item SELECT i, hex(randomblob(16)), randomblob(900) FROM n");
      s.execute("COMMIT");
      s.execute("PRAGMA journal_mode = WAL");
    }
  }

  private static double quickCheck(Path file) throws Exception {
    try (Connection c = TestFiles.connect(file);
        Statement s = c.createStatement()) {
      long start = System.nanoTime();
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        rs.next();
        if (!"ok".equals(rs.getString(1))) {
          throw new IllegalStateException("quick_check: " + rs.getString(1));
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static double open(Path file, boolean check) {
    long start = System.nanoTime();
    StateDatabase.builder().file(file).tables(ITEM).quickCheck(check).open().close();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Drops the file's pages from the OS page cache; false if that is not possible here. */
  private static boolean dropCache(Path file) {
    try {
      Process p =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY);"
                      + " os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)",
                  file.toString())
              .inheritIO()
              .start();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
