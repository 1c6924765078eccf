package dev.flujo.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles test sources with the Flujo processor and asserts on the diagnostics. Sources live in
 * package {@code test} and import the Flujo annotations, {@code ColumnConverter} and the common
 * JDK types, so a test writes only the declarations that matter. The runtime is on the test
 * classpath, so generated DAOs compile too.
 */
final class FlujoCompiler {
  /** The lines every source starts with; a test's own lines follow. */
  static final List<String> HEADER =
      List.of(
          "package test;",
          "import dev.flujo.annotations.*;",
          "import dev.flujo.runtime.ColumnConverter;",
          "import java.math.BigDecimal;",
          "import java.time.*;",
          "import java.util.*;");

  private static final Compiler JAVAC = javac();

  private FlujoCompiler() {}

  /** A source {@code test.<simpleName>} made of {@link #HEADER} and {@code lines}. */
  static JavaFileObject source(String simpleName, String... lines) {
    List<String> all = new ArrayList<>(HEADER);
    all.addAll(Arrays.asList(lines));
    return JavaFileObjects.forSourceLines("test." + simpleName, all);
  }

  /** Compiles with a fresh {@link FlujoProcessor}. */
  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /** Compiles with a fresh {@link FlujoProcessor} and extra javac options. */
  static Compilation compile(List<String> options, JavaFileObject... sources) {
    return JAVAC.withProcessors(new FlujoProcessor()).withOptions(options).compile(sources);
  }

  /** Compiles with the given processors instead of a plain {@link FlujoProcessor}. */
  static Compilation compileWith(List<Processor> processors, JavaFileObject... sources) {
    return JAVAC.withProcessors(processors).compile(sources);
  }

  /**
   * Asserts that the compilation failed with exactly one error, {@code message}, on the line of
   * {@code file} containing {@code line}.
   */
  static void assertOnlyError(
      Compilation compilation, String message, JavaFileObject file, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * Like {@link #assertOnlyError} and also pins the column: the error must point at the first
   * {@code token} on that line (the annotation value at fault, say).
   */
  static void assertOnlyErrorAt(
      Compilation compilation, String message, JavaFileObject file, String line, String token) {
    assertOnlyError(compilation, message, file, line);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(file)
        .onLine(lineNumber(file, line))
        .atColumn(column(file, line, token));
  }

  /** Asserts one error with this text on that line, among possibly others. */
  static void assertError(
      Compilation compilation, String message, JavaFileObject file, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  /** Like {@link #assertError}, pinning the column to the first {@code token} on the line. */
  static void assertErrorAt(
      Compilation compilation, String message, JavaFileObject file, String line, String token) {
    assertError(compilation, message, file, line);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(file)
        .onLine(lineNumber(file, line))
        .atColumn(column(file, line, token));
  }

  /** The 1-based number of the unique line containing {@code line}. */
  static long lineNumber(JavaFileObject file, String line) {
    List<String> lines = content(file).lines().collect(Collectors.toList());
    long found = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(line)) {
        assertWithMessage("more than one line contains %s", line).that(found).isEqualTo(-1);
        found = i + 1;
      }
    }
    assertWithMessage("no line contains %s", line).that(found).isAtLeast(1);
    return found;
  }

  /** The 1-based column of {@code token} on the unique line containing {@code line}. */
  static long column(JavaFileObject file, String line, String token) {
    String text = content(file).lines().collect(Collectors.toList()).get((int) lineNumber(file, line) - 1);
    int at = text.indexOf(token);
    assertWithMessage("%s on line %s", token, text).that(at).isAtLeast(0);
    return at + 1;
  }

  /** The errors of a compilation, one message each. */
  static List<String> errors(Compilation compilation) {
    return compilation.errors().stream()
        .map(d -> d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
  }

  private static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The outcome of compiling to real directories: diagnostics and the files the processor wrote.
   * compile-testing hides generated files of a failed compilation; this does not.
   *
   * @param success whether javac succeeded
   * @param diagnostics every diagnostic
   * @param generated the directory of generated sources
   */
  record DiskCompilation(
      boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path generated) {
    /** Whether the processor wrote {@code test/<simpleName>.java}. */
    boolean generatedSource(String simpleName) {
      return Files.exists(generated.resolve("test").resolve(simpleName + ".java"));
    }

    /** Error messages. */
    List<String> errors() {
      return diagnostics.stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> d.getMessage(Locale.ROOT))
          .collect(Collectors.toList());
    }
  }

  /** Compiles sources to {@code dir/classes} with generated sources in {@code dir/generated}. */
  static DiskCompilation compileToDisk(Path dir, JavaFileObject... sources) {
    try {
      Path classes = Files.createDirectories(dir.resolve("classes"));
      Path generated = Files.createDirectories(dir.resolve("generated"));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files =
          javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
        List<String> options =
            List.of(
                "-d", classes.toString(),
                "-s", generated.toString(),
                "-classpath", System.getProperty("java.class.path"));
        JavaCompiler.CompilationTask task =
            javac.getTask(null, files, diagnostics, options, null, Arrays.asList(sources));
        task.setProcessors(List.of(new FlujoProcessor()));
        boolean success = task.call();
        return new DiskCompilation(success, diagnostics.getDiagnostics(), generated);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
