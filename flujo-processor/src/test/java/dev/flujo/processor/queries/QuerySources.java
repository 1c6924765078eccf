package dev.flujo.processor.queries;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** The state classes query tests compile against, and a compiler running the processor. */
final class QuerySources {
  static final JavaFileObject STATUS =
      JavaFileObjects.forSourceLines(
          "test.Status", "package test;", "public enum Status { QUEUED, RUNNING, DONE }");

  static final JavaFileObject JOB =
      JavaFileObjects.forSourceLines(
          "test.Job",
          "package test;",
          "import dev.flujo.annotations.*;",
          "import java.time.Instant;",
          "@StateTable(name = \"jobs\")",
          "@Index(columns = \"status\")",
          "public record Job(@Id String id, String owner, Status status, int attempts,",
          "    Instant createdAt, @Nullable String note) {}");

  static final JavaFileObject RUN =
      JavaFileObjects.forSourceLines(
          "test.Run",
          "package test;",
          "import dev.flujo.annotations.*;",
          "@StateTable(name = \"runs\")",
          "public record Run(@Id String runId, String jobId, long startedAt) {}");

  private QuerySources() {}

  /** An interface {@code test.JobQueries} over {@code Job} with the given members. */
  static JavaFileObject queries(String... members) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("import dev.flujo.annotations.*;");
    lines.add("import java.time.Instant;");
    lines.add("import java.util.*;");
    lines.add("import java.util.stream.Stream;");
    lines.add("@StateQueries(Job.class)");
    lines.add("public interface JobQueries {");
    for (String member : members) {
      lines.add("  " + member);
    }
    lines.add("}");
    return JavaFileObjects.forSourceLines("test.JobQueries", lines);
  }

  /** Compiles the sources with the processor, beside the entities, as a strict build would. */
  static Compilation compile(JavaFileObject... sources) {
    return compileWith(List.of("-Xlint:all,-processing", "-Werror"), sources);
  }

  /** Compiles the sources with the processor and these options, beside the entities. */
  static Compilation compileWith(List<String> options, JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(STATUS, JOB, RUN));
    all.addAll(List.of(sources));
    return javac().withProcessors(new FlujoProcessor()).withOptions(options).compile(all);
  }
}
