package dev.flujo.processor.codegen;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import dev.flujo.processor.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema snapshot of a table, checked against {@code golden/schema/job.json} ({@link
 * GoldenFiles}: {@code -Dflujo.updateGoldens=true} rewrites it).
 */
class SchemaSnapshotWriterTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/schema/job.json");
  private static final JavaFileObject STATUS =
      JavaFileObjects.forSourceLines("p.Status", "package p;", "public enum Status { NEW, DONE }");

  @TempDir Path dir;

  private static JavaFileObject job(String firstIndex, String secondIndex) {
    return JavaFileObjects.forSourceLines(
        "p.Job",
        "package p;",
        "import dev.flujo.annotations.*;",
        "@StateTable",
        firstIndex,
        secondIndex,
        "public record Job(",
        "    @Id String id,",
        "    Status status,",
        "    int attempts,",
        "    @Nullable String note,",
        "    @Column(name = \"label\", defaultValue = \"'it''s \\\"q\\\" \\\\ back'\") String tag)"
            + " {}");
  }

  private static final String NOTE_INDEX =
      "@Index(columns = \"note\", unique = true, name = \"job_z_note\")";
  private static final String STATUS_INDEX =
      "@Index(columns = {\"status\", \"attempts\"}, name = \"job_a_status\")";

  private static Compilation compile(JavaFileObject job, String... options) {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions((Object[]) options)
            .compile(STATUS, job);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  private static Compilation compile(String... options) {
    return compile(job(NOTE_INDEX, STATUS_INDEX), options);
  }

  private static Optional<String> resource(Compilation compilation) throws IOException {
    Optional<JavaFileObject> file =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/flujo/schema/job.json");
    return file.isPresent()
        ? Optional.of(file.get().getCharContent(true).toString())
        : Optional.empty();
  }

  private static String daoFingerprint(Compilation compilation) throws IOException {
    String dao =
        compilation.generatedSourceFile("p.JobDao").orElseThrow().getCharContent(true).toString();
    Matcher m = Pattern.compile("\"([0-9a-f]{16})\"\\)").matcher(dao);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void snapshotGoesToTheClassOutputByDefaultAndMatchesTheGoldenFile() throws Exception {
    Compilation compilation = compile();
    String json = resource(compilation).orElseThrow();
    GoldenFiles.assertMatches("schema/job.json", json);
    assertThat(json).endsWith("}\n");
    assertThat(json).doesNotContain("\r");
  }

  @Test
  void snapshotIsValidJsonCarryingTheDaosFingerprintAndTheExactDdl() throws Exception {
    Compilation compilation = compile();
    @SuppressWarnings("unchecked")
    Map<String, Object> snapshot =
        (Map<String, Object>) StrictJson.parse(resource(compilation).orElseThrow());
    assertThat(snapshot.keySet())
        .containsExactly(
            "table",
            "source",
            "fingerprint",
            "withoutRowId",
            "strict",
            "primaryKey",
            "columns",
            "indexes",
            "ddl")
        .inOrder();
    assertThat(snapshot.get("fingerprint")).isEqualTo(daoFingerprint(compilation));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> columns = (List<Map<String, Object>>) snapshot.get("columns");
    assertThat(columns.get(4).get("default")).isEqualTo("'it''s \"q\" \\ back'");
    assertThat(columns.get(1).get("check")).isEqualTo("\"status\" IN ('NEW', 'DONE')");
    @SuppressWarnings("unchecked")
    List<String> ddl = (List<String>) snapshot.get("ddl");
    assertThat(ddl.get(5)).isEqualTo("  \"label\" TEXT NOT NULL DEFAULT 'it''s \"q\" \\ back',");
    assertThat(ddl.get(ddl.size() - 1))
        .isEqualTo("CREATE UNIQUE INDEX IF NOT EXISTS \"job_z_note\" ON \"job\" (\"note\");");
  }

  @Test
  void indexDeclarationOrderDoesNotChangeTheSnapshot() throws Exception {
    String one = resource(compile(job(NOTE_INDEX, STATUS_INDEX))).orElseThrow();
    String other = resource(compile(job(STATUS_INDEX, NOTE_INDEX))).orElseThrow();
    assertThat(other).isEqualTo(one);
  }

  @Test
  void schemaDirOptionWritesThereAndRewritesOnlyOnChange() throws Exception {
    Path schemaDir = dir.resolve("src/main/schema");
    Compilation compilation = compile("-A" + SchemaSnapshotWriter.OPTION + "=" + schemaDir);
    Path file = schemaDir.resolve("job.json");
    String json = Files.readString(file, UTF_8);
    assertThat(json).isEqualTo(Files.readString(GOLDEN, UTF_8));
    assertThat(resource(compilation)).isEmpty();

    FileTime old = FileTime.fromMillis(946_684_800_000L);
    Files.setLastModifiedTime(file, old);
    compile("-A" + SchemaSnapshotWriter.OPTION + "=" + schemaDir);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);

    Files.writeString(file, "stale", UTF_8);
    compile("-A" + SchemaSnapshotWriter.OPTION + "=" + schemaDir);
    assertThat(Files.readString(file, UTF_8)).isEqualTo(json);
  }

  @Test
  void unwritableSchemaDirIsACompileError() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file, not a directory");
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-A" + SchemaSnapshotWriter.OPTION + "=" + blocked.resolve("schema"))
            .compile(STATUS, job(NOTE_INDEX, STATUS_INDEX));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("could not write the schema snapshot job.json");
  }

  @Test
  void optionIsDeclaredSoJavacDoesNotWarnAboutIt() {
    assertThat(new FlujoProcessor().getSupportedOptions()).contains("flujo.schemaDir");
  }

  @Test
  void escapeFollowsRfc8259AndRoundTrips() {
    String text = "q\" b\\ s/ \n\r\t\b\f \u0001\u001f \u2028\u2029 é \uD83D\uDE00 end";
    String escaped = SchemaSnapshotWriter.escape(text);
    assertThat(escaped)
        .isEqualTo(
            "q\\\" b\\\\ s/ \\n\\r\\t\\b\\f \\u0001\\u001f \\u2028\\u2029 é \uD83D\uDE00 end");
    assertThat(StrictJson.parse("\"" + escaped + "\"")).isEqualTo(text);
  }
}
