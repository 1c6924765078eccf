package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.FlujoCompiler.assertError;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.compileToDisk;
import static dev.flujo.processor.FlujoCompiler.compileWith;
import static dev.flujo.processor.FlujoCompiler.errors;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.model.ValueType;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the processor behaves around errors: all of them in one build, nothing generated for a
 * broken type, valid siblings still generated, no crash of javac, deferral of types that are not
 * there yet.
 */
class ProcessorBehaviourTest {
  /** Two errors: a floating-point key and a keyword column. */
  private static final JavaFileObject ALPHA =
      source(
          "Alpha",
          "@StateTable",
          "record Alpha(",
          "    @Id double id,",
          "    String order) {}");

  /** Two errors: no key and a generic column type. */
  private static final JavaFileObject BETA =
      source(
          "Beta",
          "@StateTable",
          "class Beta {",
          "  String text;",
          "  List<String> tags;",
          "}");

  /** One error: an interface. */
  private static final JavaFileObject DELTA = source("Delta", "@StateTable", "interface Delta {}");

  /** Valid. */
  private static final JavaFileObject GAMMA =
      source("Gamma", "@StateTable", "record Gamma(@Id String id, int size) {}");

  @Test
  void oneBuildReportsEveryErrorOfEveryType() {
    Compilation compilation = compile(ALPHA, BETA, DELTA, GAMMA);
    assertError(compilation, String.format(Errors.ID_FLOATING, "id", "double"), ALPHA, "double id");
    assertError(
        compilation,
        String.format(Errors.NAME_KEYWORD, "column", "order", Errors.RENAME_COLUMN),
        ALPHA,
        "String order");
    assertError(compilation, String.format(Errors.TABLE_NO_ID, "test.Beta"), BETA, "@StateTable");
    assertError(
        compilation,
        String.format(Errors.COLUMN_GENERIC_TYPE, "java.util.List<java.lang.String>", "tags"),
        BETA,
        "List<String> tags");
    assertError(
        compilation, String.format(Errors.TABLE_KIND, "an interface"), DELTA, "@StateTable");
    assertThat(compilation).hadErrorCount(5);
  }

  @Test
  void validSiblingGetsItsDaoAndBrokenTypeGetsNothing(@TempDir Path dir) {
    FlujoCompiler.DiskCompilation compilation = compileToDisk(dir, ALPHA, GAMMA);
    assertThat(compilation.success()).isFalse();
    assertThat(compilation.errors()).hasSize(2);
    assertThat(compilation.generatedSource("GammaDao")).isTrue();
    assertThat(compilation.generatedSource("AlphaDao")).isFalse();
  }

  /**
   * Documents javac's own behaviour (JDK 17): after a processor error javac still reports "cannot
   * find symbol" for a missing DAO named in a declaration (here a field and an import), but not for
   * one named only inside a method body, which javac no longer attributes. Flujo adds no such error
   * of its own: no generated file refers to the DAO of a broken type.
   */
  @Test
  void referencesToTheDaoOfABrokenTypeAddOnlyJavacsOwnDeclarationErrors() {
    JavaFileObject uses =
        source(
            "Uses",
            "class Uses {",
            "  GammaDao gammas;",
            "  AlphaDao alphas;",
            "  void run() { AlphaDao local = null; local.count(); }",
            "}");
    JavaFileObject imports =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "other.Imports",
            "package other;",
            "import test.AlphaDao;",
            "import test.GammaDao;",
            "class Imports {}");
    Compilation compilation = compile(ALPHA, GAMMA, uses, imports);
    List<Diagnostic<? extends JavaFileObject>> notFlujo =
        compilation.errors().stream()
            .filter(d -> d.getSource() != null && !d.getSource().getName().contains("Alpha"))
            .collect(Collectors.toList());
    assertThat(notFlujo).hasSize(2);
    for (Diagnostic<? extends JavaFileObject> error : notFlujo) {
      assertThat(error.getMessage(Locale.ROOT)).contains("cannot find symbol");
      assertThat(error.getMessage(Locale.ROOT)).contains("AlphaDao");
    }
    assertError(compilation, "cannot find symbol", uses, "AlphaDao alphas");
    assertError(compilation, "cannot find symbol", imports, "import test.AlphaDao");
    assertThat(compilation.errors()).hasSize(4);
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getSource().getName()).doesNotContain("Dao");
    }
  }

  @Test
  void unexpectedExceptionBecomesOneErrorPerTypeWithTheStackTrace() {
    Compilation compilation =
        compileWith(List.of(new WrappedEnvironmentProcessor(true)), GAMMA, ALPHA);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    String prefix = Errors.INTERNAL_ERROR.substring(0, Errors.INTERNAL_ERROR.indexOf("%s"));
    assertError(compilation, prefix + "test.Gamma", GAMMA, "record Gamma");
    assertError(compilation, prefix + "test.Alpha", ALPHA, "record Alpha");
    for (String error : errors(compilation)) {
      assertThat(error).contains(WrappedEnvironmentProcessor.FAULT);
      assertThat(error).contains("at dev.flujo.processor.model.TableReader.read");
    }
  }

  @Test
  void withoutJavacTreesErrorsStillReachTheRightLines() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = \"status\")",
            "@Index(columns = \"labl\")",
            "record Job(",
            "    @Id String id,",
            "    String status,",
            "    String order) {}");
    Compilation compilation = compileWith(List.of(new WrappedEnvironmentProcessor(false)), src);
    assertError(
        compilation,
        String.format(Errors.NAME_KEYWORD, "column", "order", Errors.RENAME_COLUMN),
        src,
        "String order");
    // Without javac's trees an error inside one of repeated annotations falls back to the type.
    assertError(
        compilation,
        String.format(
            Errors.INDEX_UNKNOWN_COLUMN, "labl", "id, status, order", ""),
        src,
        "record Job");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void typeReferringToATypeGeneratedInALaterRoundWaitsForIt() {
    JavaFileObject src =
        source(
            "Paint",
            "@StateTable",
            "record Paint(",
            "    @Id String id,",
            "    Color color,",
            "    @Convert(ShadeText.class) Shade shade) {}");
    Compilation compilation =
        compileWith(List.of(new GeneratingProcessor(), new FlujoProcessor()), src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.PaintDao").isNotNull();
  }

  @Test
  void queriesAndRetryWrappersReferringToALaterTypeInATypeArgumentWaitForIt() {
    JavaFileObject paint =
        source("Paint", "@StateTable", "record Paint(@Id String id, long level) {}");
    JavaFileObject queries =
        source(
            "PaintQueries",
            "@StateQueries(Paint.class)",
            "interface PaintQueries {",
            "  @Query(\"SELECT level FROM paint ORDER BY level\") List<Shade> shades();",
            "}");
    JavaFileObject service =
        source(
            "Mixer",
            "interface Mixer {",
            "  @DbRetry List<Shade> mix(Map<String, Shade> parts);",
            "}");
    Compilation compilation =
        compileWith(
            List.of(new GeneratingProcessor(), new FlujoProcessor()), paint, queries, service);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.PaintQueriesImpl").isNotNull();
    assertThat(compilation).generatedSourceFile("test.RetryingMixer").isNotNull();
  }

  @Test
  void typeReferringToAMissingTypeGetsOneErrorBesideJavacs() {
    JavaFileObject src =
        source(
            "Paint", "@StateTable", "record Paint(", "    @Id String id,", "    Colour colour) {}");
    Compilation compilation = compile(src);
    assertError(
        compilation, String.format(Errors.UNRESOLVED_TYPES, "test.Paint"), src, "record Paint");
    assertError(compilation, "cannot find symbol", src, "Colour colour");
    for (String error : errors(compilation)) {
      assertThat(error).doesNotContain(ValueType.supportedList());
    }
  }

  /**
   * Source javac itself rejects (an unknown constant or class in a Flujo annotation, a type that
   * does not exist, a value of the wrong type) never draws a Flujo finding built on javac's
   * placeholder values, nor an internal error: at most the one "never generated or found" error.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "@StateTable(name = MISSING) record Item(@Id String id) {}",
        "@StateTable(name = 1) record Item(@Id String id) {}",
        "@StateTable @Index(columns = MISSING) record Item(@Id String id) {}",
        "@StateTable @Index(columns = {\"id\", 1}) record Item(@Id String id) {}",
        "@StateTable @DbRetry(jitter = MISSING) record Item(@Id String id) {}",
        "@StateTable @DbRetry(maxAttempts = \"x\") record Item(@Id String id) {}",
        "@StateTable record Item(@Id String id, @Column(name = MISSING) String x) {}",
        "@StateTable record Item(@Id String id, @Column(defaultValue = 3) int x) {}",
        "@StateTable record Item(@Id String id, @Convert(Missing.class) String x) {}",
        "@StateTable record Item(@Id String id, @Convert(value = 3) String x) {}",
        "@StateTable record Item(@Id String id, List<Missing> x) {}",
        "@StateTable record Item(@Id String id, Map<String, Missing[]> x) {}",
        "@StateTable class Item extends Missing { @Id String id; }",
        "@StateTable class Item { @Id String id; Missing find() { return null; } }",
      })
  void javacErrorsDrawNoFlujoFindingsBeyondOneUnresolvedError(String declaration) {
    Compilation compilation = compile(source("Item", declaration));
    assertThat(compilation).failed();
    String unresolved = String.format(Errors.UNRESOLVED_TYPES, "test.Item");
    String internal = Errors.INTERNAL_ERROR.substring(0, Errors.INTERNAL_ERROR.indexOf('%'));
    int flujoErrors = 0;
    for (String error : errors(compilation)) {
      assertThat(error).doesNotContain("<error>");
      assertThat(error).doesNotContain(internal);
      if (error.equals(unresolved)) {
        flujoErrors++;
      }
    }
    assertThat(flujoErrors).isAtMost(1);
    assertThat(errors(compilation).size()).isGreaterThan(flujoErrors);
  }

  /**
   * Generates, in its first round, an enum {@code test.Color}, a value type {@code test.Shade} and
   * its converter {@code test.ShadeText}, as another annotation processor might.
   */
  @javax.annotation.processing.SupportedAnnotationTypes("dev.flujo.annotations.StateTable")
  private static final class GeneratingProcessor extends AbstractProcessor {
    private boolean done;

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      write("test.Color", "package test;\npublic enum Color { RED, GREEN }\n");
      write("test.Shade", "package test;\npublic record Shade(int level) {}\n");
      write(
          "test.ShadeText",
          "package test;\n"
              + "public final class ShadeText implements"
              + " dev.flujo.runtime.ColumnConverter<Shade, Long> {\n"
              + "  @Override public Long toColumn(Shade s) { return (long) s.level(); }\n"
              + "  @Override public Shade fromColumn(Long v) { return new Shade(v.intValue()); }\n"
              + "}\n");
      return false;
    }

    private void write(String name, String text) {
      try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        out.write(text);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Runs a {@link FlujoProcessor} in an environment that is not javac's own (as Gradle's
   * incremental processing wraps it), so javac's trees are unavailable; optionally its element
   * utilities throw while annotation values are read, to stand in for a bug in Flujo.
   */
  private static final class WrappedEnvironmentProcessor extends AbstractProcessor {
    static final String FAULT = "injected fault";
    private final Processor delegate = new FlujoProcessor();
    private final boolean fault;

    WrappedEnvironmentProcessor(boolean fault) {
      this.fault = fault;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Elements elements = env.getElementUtils();
      Elements faulty =
          (Elements)
              Proxy.newProxyInstance(
                  Elements.class.getClassLoader(),
                  new Class<?>[] {Elements.class},
                  (proxy, method, args) -> {
                    if (fault && method.getName().equals("getElementValuesWithDefaults")) {
                      throw new IllegalStateException(FAULT);
                    }
                    try {
                      return method.invoke(elements, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      delegate.init(
          new ProcessingEnvironment() {
            @Override
            public Map<String, String> getOptions() {
              return env.getOptions();
            }

            @Override
            public Messager getMessager() {
              return env.getMessager();
            }

            @Override
            public Filer getFiler() {
              return env.getFiler();
            }

            @Override
            public Elements getElementUtils() {
              return faulty;
            }

            @Override
            public Types getTypeUtils() {
              return env.getTypeUtils();
            }

            @Override
            public SourceVersion getSourceVersion() {
              return env.getSourceVersion();
            }

            @Override
            public Locale getLocale() {
              return env.getLocale();
            }
          });
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }
}
