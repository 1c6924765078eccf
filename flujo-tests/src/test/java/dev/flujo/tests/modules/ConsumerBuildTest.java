package dev.flujo.tests.modules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a small application as a user's build would — its own entity, query interface and retried
 * service, the Flujo processor on the processor path, the documented strict flags {@code
 * -Xlint:all,-processing -Werror} — and runs it in a child JVM: once as a named module on the
 * module path, once on the class path. The jars are the ones this build just made (taken from the
 * test class path).
 */
class ConsumerBuildTest {
  private static final String ENTITY =
      """
      package app.notes;

      import dev.flujo.annotations.CreatedAt;
      import dev.flujo.annotations.Id;
      import dev.flujo.annotations.Nullable;
      import dev.flujo.annotations.StateTable;
      import dev.flujo.annotations.UpdatedAt;
      import java.time.Instant;

      @StateTable
      public record Note(
          @Id String noteId,
          String body,
          @Nullable Long stars,
          @CreatedAt Instant createdAt,
          @UpdatedAt Instant updatedAt) {}
      """;

  private static final String QUERIES =
      """
      package app.notes;

      import dev.flujo.annotations.Query;
      import dev.flujo.annotations.StateQueries;
      import java.util.List;

      @StateQueries(Note.class)
      public interface NoteQueries {
        @Query("SELECT * FROM note WHERE stars >= :min ORDER BY note_id")
        List<Note> starred(long min);
      }
      """;

  private static final String SERVICE =
      """
      package app.notes;

      import dev.flujo.annotations.DbRetry;

      @DbRetry(maxAttempts = 3)
      public interface Notebook {
        void write(String id, String body, Long stars);
      }
      """;

  private static final String MAIN =
      """
      package app.notes;

      import dev.flujo.runtime.StateDatabase;
      import java.nio.file.Path;

      public final class Main {
        public static void main(String[] args) {
          try (StateDatabase db =
              StateDatabase.builder().file(Path.of(args[0])).tables(NoteDao.TABLE).open()) {
            NoteDao notes = new NoteDao(db);
            Notebook book = new RetryingNotebook(
                (id, body, stars) -> notes.upsert(new Note(id, body, stars, null, null)));
            book.write("a", "first", 5L);
            book.write("b", "second", null);
            book.write("c", "third", 1L);
            NoteQueries queries = new NoteQueriesImpl(db);
            Module runtime = StateDatabase.class.getModule();
            System.out.println("count=" + notes.count());
            System.out.println("starred=" + queries.starred(2).stream().map(Note::noteId).toList());
            System.out.println("module=" + Main.class.getModule().getName());
            System.out.println("runtime=" + runtime.getName());
            System.out.println("exportsSpi=" + runtime.isExported("dev.flujo.runtime.spi"));
            System.out.println("exportsInternal=" + runtime.isExported("dev.flujo.runtime.internal.tx"));
          }
        }
      }
      """;

  private static final String MODULE_INFO =
      """
      module app.notes {
        requires dev.flujo.runtime;
        requires static dev.flujo.annotations;
      }
      """;

  @TempDir Path dir;

  @Test
  void modularApplicationCompilesAndRunsOnTheModulePath() throws Exception {
    Path src = sources(true);
    Path out = dir.resolve("out");
    compile(src, out, List.of("--module-path", path(runtimeModules())));
    List<String> lines =
        run(
            List.of(
                "--module-path",
                path(concat(List.of(out), runtimeModules(), jars("slf4j-simple"))),
                "-m",
                "app.notes/app.notes.Main"));
    assertThat(lines)
        .containsAtLeast(
            "count=3",
            "starred=[a]",
            "module=app.notes",
            "runtime=dev.flujo.runtime",
            "exportsSpi=true",
            "exportsInternal=false")
        .inOrder();
  }

  @Test
  void classPathApplicationCompilesAndRunsOnTheClassPath() throws Exception {
    Path src = sources(false);
    Path out = dir.resolve("out");
    compile(src, out, List.of("-classpath", path(runtimeModules())));
    List<String> lines =
        run(
            List.of(
                "-cp",
                path(concat(List.of(out), runtimeModules(), jars("slf4j-simple"))),
                "app.notes.Main"));
    assertThat(lines).containsAtLeast("count=3", "starred=[a]", "module=null").inOrder();
  }

  @Test
  void aModularApplicationCannotReachTheRuntimeInternals() throws Exception {
    Path src = sources(true);
    Files.writeString(
        src.resolve("app/notes/Sneaky.java"),
        """
        package app.notes;

        final class Sneaky {
          Object pool = dev.flujo.runtime.internal.pool.ConnectionPool.class;
        }
        """);
    String errors = compileExpectingFailure(src, dir.resolve("out"), runtimeModules());
    assertThat(errors).contains("dev.flujo.runtime.internal.pool");
    assertThat(errors).contains("does not export");
  }

  private Path sources(boolean modular) throws IOException {
    Path src = dir.resolve("src");
    Path pkg = Files.createDirectories(src.resolve("app/notes"));
    Files.writeString(pkg.resolve("Note.java"), ENTITY);
    Files.writeString(pkg.resolve("NoteQueries.java"), QUERIES);
    Files.writeString(pkg.resolve("Notebook.java"), SERVICE);
    Files.writeString(pkg.resolve("Main.java"), MAIN);
    if (modular) {
      Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    }
    return src;
  }

  private static void compile(Path src, Path out, List<String> pathOptions) throws IOException {
    String errors = javac(src, out, pathOptions);
    assertWithMessage("javac output").that(errors).isEmpty();
  }

  private static String compileExpectingFailure(Path src, Path out, List<Path> modules)
      throws IOException {
    String errors = javac(src, out, List.of("--module-path", path(modules)));
    assertWithMessage("javac should have failed").that(errors).isNotEmpty();
    return errors;
  }

  /** Compiles every source under {@code src}; returns what javac printed, empty on success. */
  private static String javac(Path src, Path out, List<String> pathOptions) throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    List<String> options = new ArrayList<>(pathOptions);
    options.addAll(
        List.of(
            "--release",
            "17",
            "-Xlint:all,-processing",
            "-Werror",
            "--processor-path",
            path(processorPath()),
            "-d",
            out.toString()));
    try (StandardJavaFileManager files =
            javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        Stream<Path> walk = Files.walk(src)) {
      List<File> sources =
          walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(sources);
      boolean ok = javac.getTask(output, files, null, options, null, units).call();
      String printed = output.toString();
      return ok && printed.isBlank() ? "" : printed.isBlank() ? "javac failed" : printed;
    }
  }

  private static List<String> run(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.addAll(arguments);
    command.add(Files.createTempDirectory("flujo-consumer").resolve("notes.db").toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertWithMessage("child JVM did not finish").that(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertWithMessage("child JVM output:\n%s", output).that(process.exitValue()).isEqualTo(0);
    return output.lines().collect(Collectors.toList());
  }

  /** The jars (or class directories) of the runtime module and the modules it requires. */
  private static List<Path> runtimeModules() {
    return concat(
        jars("flujo-runtime"),
        jars("flujo-annotations"),
        jars("HikariCP"),
        jars("sqlite-jdbc"),
        jars("slf4j-api"));
  }

  private static List<Path> processorPath() {
    return concat(
        jars("flujo-processor"), jars("flujo-annotations"), jars("javapoet"), jars("sqlite-jdbc"));
  }

  /** Entries of this JVM's class path whose artifact (jar name or module directory) is {@code name}. */
  private static List<Path> jars(String name) {
    List<Path> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String file = p.getFileName().toString();
      boolean jar = file.startsWith(name + "-") && file.endsWith(".jar");
      boolean classes =
          file.equals("classes") && p.getParent() != null
              && p.getParent().getParent() != null
              && p.getParent().getParent().getFileName().toString().equals(name);
      if (jar || classes) {
        found.add(p);
      }
    }
    assertWithMessage("%s on the test class path", name).that(found).hasSize(1);
    return found;
  }

  @SafeVarargs
  private static List<Path> concat(List<Path>... lists) {
    List<Path> all = new ArrayList<>();
    for (List<Path> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  private static String path(List<Path> entries) {
    return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

}
