package dev.flujo.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.test.PostgresServer;
import java.io.File;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code flujo} jar as a process, as a person at a shell would. */
class CliEndToEndTest {
  private static final TableDefinition ITEMS =
      new TableDefinition(
          "items",
          List.of(
              new ColumnDefinition("id", "INTEGER", true, null, 1, null),
              new ColumnDefinition("name", "TEXT", true, null, 0, null),
              new ColumnDefinition("note", "TEXT", false, null, 0, null)),
          List.of(
              new IndexDefinition(
                  "items_name",
                  List.of("name"),
                  false,
                  "CREATE INDEX IF NOT EXISTS \"items_name\" ON \"items\" (\"name\")")),
          true,
          true,
          "CREATE TABLE IF NOT EXISTS \"items\" (\n  \"id\" INTEGER NOT NULL,\n  \"name\" TEXT NOT"
              + " NULL,\n  \"note\" TEXT,\n  PRIMARY KEY (\"id\")\n) WITHOUT ROWID, STRICT",
          "cafe0123456789ab");

  @TempDir Path dir;
  Path db;

  record Run(int exit, String out, String err) {}

  private Run flujo(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("flujo.cli.jar"));
    command.addAll(Arrays.asList(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @BeforeEach
  void createDatabase() throws Exception {
    // set by the build's end-to-end execution, which runs after the jar is packaged
    Assumptions.assumeTrue(
        System.getProperty("flujo.cli.jar") != null, "flujo.cli.jar names the shaded jar");
    db = dir.resolve("state.db");
    try (StateDatabase open = StateDatabase.builder().file(db).tables(ITEMS).open()) {
      assertThat(open.tables()).containsExactly(ITEMS);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO items VALUES (1, 'apple', NULL), (2, 'pear, green', 'say \"hi\"')");
    }
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("out.txt") && !n.equals("err.txt"))
          .sorted()
          .toList();
    }
  }

  @Test
  void infoDescribesTablesIndexesAndFlujoMetadataWithoutChangingTheFile() throws Exception {
    byte[] before = Files.readAllBytes(db);
    List<String> filesBefore = listing();

    Run r = flujo("info", db.toString());

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("items: 2 rows, 3 columns, WITHOUT ROWID, STRICT");
    assertThat(r.out()).contains("items_name on items (name)");
    assertThat(r.out()).contains("fingerprint:   items cafe0123456789ab");
    assertThat(r.out()).contains("journal wal");
    assertThat(r.out()).contains("SQLite:          3.");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    assertThat(listing()).isEqualTo(filesBefore);

    Run json = flujo("info", "--json", db.toString());
    assertThat(json.exit()).isEqualTo(0);
    assertThat(json.out()).contains("\"name\":\"items\",\"rows\":2");
    assertThat(json.out()).contains("\"fingerprints\":{\"items\":\"cafe0123456789ab\"}");
  }

  @Test
  void checkExitsZeroOnASoundFileAndOneOnADamagedOne() throws Exception {
    Run ok = flujo("check", db.toString());
    assertThat(ok.exit()).isEqualTo(0);
    assertThat(ok.out()).contains(": ok (quick_check)");
    assertThat(flujo("check", "--full", "--json", db.toString()).out())
        .contains("\"check\":\"integrity_check\",\"ok\":true");

    Path damaged = dir.resolve("damaged.db");
    Files.copy(db, damaged);
    long size = Files.size(damaged);
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      for (long page = 4096; page < size; page += 4096) {
        f.seek(page);
        f.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      }
    }
    Run bad = flujo("check", "--json", damaged.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("\"ok\":false");
  }

  @Test
  void queryPrintsAnAlignedTableJsonAndCsv() throws Exception {
    Run table = flujo("query", db.toString(), "SELECT id, name, note FROM items ORDER BY id");
    assertThat(table.exit()).isEqualTo(0);
    assertThat(table.out())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "id | name        | note",
                "---+-------------+---------",
                "1  | apple       | NULL",
                "2  | pear, green | say \"hi\"",
                "(2 rows)",
                ""));
    assertThat(flujo("query", "--json", db.toString(), "SELECT id, note FROM items").out().trim())
        .isEqualTo("[{\"id\":1,\"note\":null},{\"id\":2,\"note\":\"say \\\"hi\\\"\"}]");
    assertThat(flujo("query", "--csv", db.toString(), "SELECT id, name FROM items").out())
        .isEqualTo("id,name\r\n1,apple\r\n2,\"pear, green\"\r\n");
  }

  @Test
  void queryRefusesWritesAndLeavesTheFileAsItWas() throws Exception {
    byte[] before = Files.readAllBytes(db);
    for (String sql :
        List.of(
            "DELETE FROM items",
            "INSERT INTO items VALUES (3, 'x', NULL)",
            "CREATE TABLE t (x)",
            "DROP TABLE items")) {
      Run r = flujo("query", db.toString(), sql);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("read-only");
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  @Test
  void backupWritesACheckedCopyThatTheCliReadsBack() throws Exception {
    Path target = dir.resolve("backups/state.bak");
    Run r = flujo("backup", db.toString(), target.toString());
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("state.bak");
    assertThat(flujo("query", "--csv", target.toString(), "SELECT count(*) AS n FROM items").out())
        .isEqualTo("n\r\n2\r\n");
  }

  @Test
  void usageErrorsExitTwoWithAMessageOnStderr() throws Exception {
    Run none = flujo();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("Usage: flujo");

    Run unknown = flujo("check", "--bogus", db.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--bogus");

    Run missing = flujo("info", dir.resolve("nope.db").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("flujo: no such file");
    assertThat(Files.exists(dir.resolve("nope.db"))).isFalse();
    assertThat(missing.out()).isEmpty();

    Run help = flujo("--help");
    assertThat(help.exit()).isEqualTo(0);
    assertThat(help.out()).contains("query");
  }

  @Test
  void aFileThatIsNotADatabaseIsReportedNotCrashedOn() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not SQLite");
    Run info = flujo("info", text.toString());
    assertThat(info.exit()).isEqualTo(1);
    assertThat(info.err()).contains("not a SQLite database");
    Run check = flujo("check", text.toString());
    assertThat(check.exit()).isEqualTo(1);
  }

  /** Version {@code n} of a small application's entity; version 2 adds a column, 3 retypes one. */
  private static String note(int version) {
    return """
        package app.notes;

        import dev.flujo.annotations.Id;
        import dev.flujo.annotations.Nullable;
        import dev.flujo.annotations.StateTable;

        @StateTable
        public record Note(@Id String noteId, %s body%s) {}
        """
        .formatted(version == 3 ? "Long" : "String", version == 2 ? ", @Nullable String tag" : "");
  }

  /** Compiles {@code source} with the Flujo processor into a fresh classes directory. */
  private Path compile(String name, String source) throws Exception {
    Path src = Files.createDirectories(dir.resolve(name + "-src/app/notes"));
    Path out = Files.createDirectories(dir.resolve(name));
    Path java = Files.writeString(src.resolve("Note.java"), source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter printed = new StringWriter();
    List<String> options =
        List.of(
            "--release",
            "17",
            "--class-path",
            testClassPath("flujo-annotations", "flujo-runtime"),
            "--processor-path",
            testClassPath("flujo-processor", "flujo-annotations", "javapoet", "sqlite-jdbc"),
            "-d",
            out.toString());
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean ok =
          javac
              .getTask(printed, files, null, options, null, files.getJavaFileObjects(java))
              .call();
      assertWithMessage("javac: %s", printed).that(ok).isTrue();
    }
    assertThat(Files.exists(out.resolve("app/notes/NoteDao.class"))).isTrue();
    return out;
  }

  /** The entries of this JVM's class path that are the named artifacts (jar or module classes). */
  private static String testClassPath(String... artifacts) {
    List<String> found = new ArrayList<>();
    for (String artifact : artifacts) {
      List<String> matches = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(entry);
        String file = p.getFileName().toString();
        boolean jar = file.startsWith(artifact + "-") && file.endsWith(".jar");
        boolean classes =
            file.equals("classes")
                && p.getParent() != null
                && p.getParent().getParent() != null
                && p.getParent().getParent().getFileName().toString().equals(artifact);
        if (jar || classes) {
          matches.add(entry);
        }
      }
      assertWithMessage("%s on the test class path", artifact).that(matches).hasSize(1);
      found.addAll(matches);
    }
    return found.stream().collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void schemaPrintsWhatOpenWouldDoWithTheApplicationsTablesWithoutDoingIt() throws Exception {
    Path v1 = compile("v1", note(1));
    Path v2 = compile("v2", note(2));
    Path v3 = compile("v3", note(3));
    Path notes = dir.resolve("notes.db");
    try (URLClassLoader app =
        new URLClassLoader(new java.net.URL[] {v1.toUri().toURL()}, getClass().getClassLoader())) {
      TableDefinition table =
          (TableDefinition) app.loadClass("app.notes.NoteDao").getField("TABLE").get(null);
      StateDatabase.builder().file(notes).tables(table).open().close();
    }
    byte[] before = Files.readAllBytes(notes);
    List<String> filesBefore = listing();

    Run same = flujo("schema", notes.toString(), "--classpath", v1.toString());
    assertThat(same.exit()).isEqualTo(0);
    assertThat(same.out()).contains("compared with note (app.notes.NoteDao)");
    assertThat(same.out()).contains("up to date: open() would change nothing");

    Run newer = flujo("schema", notes.toString(), "--classpath", v2 + File.pathSeparator + v1);
    assertThat(newer.exit()).isEqualTo(0);
    assertThat(newer.out()).contains("open() would:\n  add column \"tag\" to table \"note\"\n");
    assertThat(newer.out()).contains("  record fingerprint ");

    Run json = flujo("schema", "--json", notes.toString(), "--classpath", v2.toString());
    assertThat(json.exit()).isEqualTo(0);
    assertThat(json.out())
        .contains("\"opens\":true,\"upToDate\":false,\"changes\":[\"add column \\\"tag\\\"");
    assertThat(json.out()).contains("\"refusal\":null");

    Run refused = flujo("schema", notes.toString(), "--classpath", v3.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("open() would refuse and change nothing:");
    assertThat(refused.out()).contains("Table \"note\" in " + notes.toAbsolutePath());
    assertThat(refused.out()).contains("\"body\"");
    Run refusedJson = flujo("schema", "--json", notes.toString(), "--classpath", v3.toString());
    assertThat(refusedJson.exit()).isEqualTo(1);
    assertThat(refusedJson.out()).contains("\"opens\":false");

    assertThat(Files.readAllBytes(notes)).isEqualTo(before);
    assertThat(listing()).isEqualTo(filesBefore);
  }

  private List<String> withCredentials(PostgresServer server, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (server.user() != null) {
      all.add("--user");
      all.add(server.user());
    }
    if (server.password() != null) {
      all.add("--password");
      all.add(server.password());
    }
    return all;
  }

  private StateDatabase openOnServer(PostgresServer server, String url, TableDefinition table) {
    StateDatabase.Builder b = StateDatabase.builder().url(url).tables(table);
    if (server.user() != null) {
      b.credentials(server.user(), server.password());
    }
    return b.open();
  }

  @Test
  void infoAndQueryReadAPostgresDatabaseAndRefuseToWriteIt() throws Exception {
    PostgresServer server = PostgresServer.get();
    String url = server.newDatabase();
    try {
      openOnServer(server, url, ITEMS).close();
      try (Connection c = server.connect(url);
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO items VALUES (1, 'apple', NULL), (2, 'pear, green', 'say \"hi\"')");
      }

      Run info = flujo(withCredentials(server, "info", url).toArray(new String[0]));
      assertThat(info.exit()).isEqualTo(0);
      assertThat(info.out()).contains("PostgreSQL:      17.");
      assertThat(info.out()).contains("items: 2 rows, 3 columns");
      assertThat(info.out()).contains("fingerprint:   items cafe0123456789ab");
      assertThat(info.out()).contains("items_name on items: CREATE INDEX items_name");

      Run rows =
          flujo(
              withCredentials(server, "query", "--json", url, "SELECT id, name FROM items ORDER BY id")
                  .toArray(new String[0]));
      assertThat(rows.exit()).isEqualTo(0);
      assertThat(rows.out()).contains("[{\"id\":1,\"name\":\"apple\"},{\"id\":2,\"name\":\"pear, green\"}]");

      Run write =
          flujo(withCredentials(server, "query", url, "DELETE FROM items").toArray(new String[0]));
      assertThat(write.exit()).isEqualTo(1);
      assertThat(write.err()).contains("query is read-only");
      try (Connection c = server.connect(url);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }

      Run check = flujo("check", url);
      assertThat(check.exit()).isEqualTo(2);
      assertThat(check.err()).contains("is a PostgreSQL URL");
    } finally {
      server.dropDatabase(url);
    }
  }

  @Test
  void schemaPrintsWhatOpenWouldDoOnAPostgresDatabaseWithoutDoingIt() throws Exception {
    Path v1 = compile("v1", note(1));
    Path v2 = compile("v2", note(2));
    Path v3 = compile("v3", note(3));
    PostgresServer server = PostgresServer.get();
    String url = server.newDatabase();
    try {
      try (URLClassLoader app =
          new URLClassLoader(new java.net.URL[] {v1.toUri().toURL()}, getClass().getClassLoader())) {
        TableDefinition table =
            (TableDefinition) app.loadClass("app.notes.NoteDao").getField("TABLE").get(null);
        openOnServer(server, url, table).close();
      }
      Run same =
          flujo(withCredentials(server, "schema", url, "--classpath", v1.toString()).toArray(new String[0]));
      assertThat(same.exit()).isEqualTo(0);
      assertThat(same.out()).contains("up to date: open() would change nothing");

      Run newer =
          flujo(withCredentials(server, "schema", url, "--classpath", v2.toString()).toArray(new String[0]));
      assertThat(newer.exit()).isEqualTo(0);
      assertThat(newer.out()).contains("open() would:\n  add column \"tag\" to table \"note\"\n");

      Run refused =
          flujo(withCredentials(server, "schema", url, "--classpath", v3.toString()).toArray(new String[0]));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.out()).contains("open() would refuse and change nothing:");
      assertThat(refused.out()).contains("column \"body\"");

      try (Connection c = server.connect(url);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'note'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    } finally {
      server.dropDatabase(url);
    }
  }

  @Test
  void schemaWithoutDaosOrWithABadClassPathSaysSo() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-classes"));
    Run none = flujo("schema", db.toString(), "--classpath", empty.toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("flujo: no generated DAO found on the class path");

    Run missing = flujo("schema", db.toString(), "--classpath", dir.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("flujo: no such class path entry");

    Run noClassPath = flujo("schema", db.toString());
    assertThat(noClassPath.exit()).isEqualTo(2);
    assertThat(noClassPath.err()).contains("--classpath");
  }
}
