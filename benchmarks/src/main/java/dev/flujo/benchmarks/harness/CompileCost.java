package dev.flujo.benchmarks.harness;

import dev.flujo.annotations.StateTable;
import dev.flujo.processor.FlujoProcessor;
import dev.flujo.runtime.StateDatabase;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The processor's compile-time cost: compiles a generated source set of N {@code @StateTable}
 * records (13 columns each, every supported kind of type, one index) with {@code
 * javax.tools.JavaCompiler} in-process, once without annotation processing ({@code -proc:none})
 * and once with {@link FlujoProcessor} (which also compiles the N generated DAOs), alternating,
 * after warm-up compiles. The difference divided by N is the per-entity cost.
 */
public final class CompileCost {
  private CompileCost() {}

  /**
   * One compile: wall-clock time and the CPU time of the compiling thread (javac compiles on the
   * calling thread; on a shared machine CPU time is the steadier figure).
   *
   * @param wallMillis elapsed milliseconds
   * @param cpuMillis CPU milliseconds of the compiling thread
   * @param generatedFiles source files the processor wrote
   */
  public record Compile(double wallMillis, double cpuMillis, int generatedFiles) {}

  /**
   * Medians of warm compiles.
   *
   * @param entities records in the source set
   * @param runs measured compiles of each kind
   * @param without median of the compiles without the processor
   * @param with median of the compiles with the processor
   */
  public record Result(int entities, int runs, Compile without, Compile with) {
    /** The processor's wall-clock cost per entity, in milliseconds. */
    public double perEntityWallMillis() {
      return (with.wallMillis() - without.wallMillis()) / entities;
    }

    /** The processor's CPU cost per entity, in milliseconds. */
    public double perEntityCpuMillis() {
      return (with.cpuMillis() - without.cpuMillis()) / entities;
    }
  }

  /** The source set: one enum and {@code entities} records in package {@code gen}. */
  public static List<JavaFileObject> sources(int entities) {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(source("gen.Phase", "package gen;\n\npublic enum Phase { NEW, ACTIVE, DONE }\n"));
    for (int i = 0; i < entities; i++) {
      String name = String.format(Locale.ROOT, "Entity%03d", i);
      sources.add(
          source(
              "gen." + name,
              "package gen;\n\n"
                  + "import dev.flujo.annotations.*;\n"
                  + "import java.math.BigDecimal;\n"
                  + "import java.time.Instant;\n"
                  + "import java.time.LocalDate;\n"
                  + "import java.util.UUID;\n\n"
                  + "@StateTable\n"
                  + "@Index(columns = \"title\")\n"
                  + "public record "
                  + name
                  + "(\n"
                  + "    @Id String id,\n"
                  + "    String title,\n"
                  + "    int attempts,\n"
                  + "    long total,\n"
                  + "    @Nullable Double ratio,\n"
                  + "    boolean active,\n"
                  + "    Phase phase,\n"
                  + "    @Nullable String note,\n"
                  + "    LocalDate day,\n"
                  + "    UUID ref,\n"
                  + "    BigDecimal amount,\n"
                  + "    @CreatedAt Instant createdAt,\n"
                  + "    @UpdatedAt Instant updatedAt) {}\n"));
    }
    return sources;
  }

  private static JavaFileObject source(String qualifiedName, String code) {
    URI uri = URI.create("string:///" + qualifiedName.replace('.', '/') + ".java");
    return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  /** The class path generated code compiles against: the annotations and the runtime. */
  static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(StateTable.class, StateDatabase.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * Compiles the source set once.
   *
   * @param withProcessor whether Flujo's processor runs
   * @param sources the source set
   */
  public static Compile compileOnce(boolean withProcessor, List<JavaFileObject> sources)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run on a JDK, not a JRE");
    }
    Path out = Files.createTempDirectory("flujo-compile-cost-");
    try {
      Path classes = Files.createDirectories(out.resolve("classes"));
      Path generatedSources = Files.createDirectories(out.resolve("generated"));
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
        files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
        files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generatedSources));
        List<String> options = new ArrayList<>(Arrays.asList("-classpath", classPath(), "--release", "17"));
        if (!withProcessor) {
          options.add("-proc:none");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        JavaCompiler.CompilationTask task =
            javac.getTask(null, files, diagnostics, options, null, sources);
        if (withProcessor) {
          task.setProcessors(List.of(new FlujoProcessor()));
        }
        boolean ok = task.call();
        double millis = (System.nanoTime() - start) / 1e6;
        double cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        List<String> errors =
            diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
        if (!ok || !errors.isEmpty()) {
          throw new IllegalStateException("compilation failed: " + errors);
        }
        try (Stream<Path> written = Files.walk(generatedSources)) {
          int generated = (int) written.filter(p -> p.toString().endsWith(".java")).count();
          return new Compile(millis, cpuMillis, generated);
        }
      }
    } finally {
      deleteTree(out);
    }
  }

  /**
   * Warm-up compiles of both kinds, then {@code runs} alternating measured compiles of each.
   */
  public static Result measure(int entities, int warmups, int runs) throws IOException {
    List<JavaFileObject> sources = sources(entities);
    for (int i = 0; i < warmups; i++) {
      compileOnce(false, sources);
      compileOnce(true, sources);
    }
    List<Compile> without = new ArrayList<>();
    List<Compile> with = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      without.add(compileOnce(false, sources));
      with.add(compileOnce(true, sources));
    }
    return new Result(entities, runs, median(without), median(with));
  }

  /** The median of each figure, taken separately. */
  public static Compile median(List<Compile> compiles) {
    return new Compile(
        median(compiles.stream().mapToDouble(Compile::wallMillis).toArray()),
        median(compiles.stream().mapToDouble(Compile::cpuMillis).toArray()),
        compiles.get(0).generatedFiles());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted((a, b) -> b.compareTo(a))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /**
   * One cold compile in a fresh JVM, for the parent's cold figures: prints {@code COMPILE
   * with|without entities=N millis=M cpuMillis=C generated=G}.
   *
   * @param args {@code with|without <entities>}
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("with") || args[0].equals("without"))) {
      throw new IllegalArgumentException("usage: CompileCost with|without <entities>");
    }
    boolean with = args[0].equals("with");
    int entities = Integer.parseInt(args[1]);
    Compile c = compileOnce(with, sources(entities));
    System.out.printf(
        Locale.ROOT,
        "COMPILE %s entities=%d millis=%.1f cpuMillis=%.1f generated=%d%n",
        args[0],
        entities,
        c.wallMillis(),
        c.cpuMillis(),
        c.generatedFiles());
  }
}
