package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor claims no annotation, so other processors see Flujo's annotations and their own,
 * and a build with other libraries' annotations compiles under the documented strict flags.
 */
class ClaimingTest {
  private static final JavaFileObject FOREIGN =
      JavaFileObjects.forSourceLines(
          "test.Foreign",
          "package test;",
          "import java.lang.annotation.*;",
          "/** Another library's annotation, as JUnit's @Test is. */",
          "@Retention(RetentionPolicy.CLASS) @Target(ElementType.METHOD)",
          "public @interface Foreign {}");

  private static final JavaFileObject ENTITY =
      JavaFileObjects.forSourceLines(
          "test.Account",
          "package test;",
          "import dev.flujo.annotations.*;",
          "@StateTable",
          "@DbRetry(maxAttempts = 3)",
          "public record Account(@Id String id, @Nullable String name) {",
          "  @Foreign static void check() {}",
          "}");

  /** Records the annotations javac offers it; runs after Flujo. */
  private static final class Recorder extends AbstractProcessor {
    final Set<String> seen = new LinkedHashSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("dev.flujo.annotations.StateTable", "dev.flujo.annotations.DbRetry", "test.Foreign");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        seen.add(annotation.getQualifiedName().toString());
      }
      return false;
    }
  }

  @Test
  void flujoAndForeignAnnotationsCompileCleanUnderTheDocumentedStrictFlags() {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(FOREIGN, ENTITY);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.AccountDao");
  }

  @Test
  void withoutTurningOffTheProcessingLintJavacNamesEveryUnclaimedAnnotation() {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(FOREIGN, ENTITY);
    assertThat(compilation).failed();
    assertThat(compilation).hadWarningContaining("No processor claimed any of these annotations");
    assertThat(compilation).hadWarningContaining("test.Foreign");
  }

  @Test
  void aProcessorRunAfterFlujoIsOfferedFlujosAnnotationsAndItsOwn() {
    Recorder recorder = new Recorder();
    Compilation compilation =
        javac()
            .withProcessors(List.of(new FlujoProcessor(), recorder))
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(FOREIGN, ENTITY);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(recorder.seen)
        .containsExactly(
            "dev.flujo.annotations.StateTable", "dev.flujo.annotations.DbRetry", "test.Foreign");
  }
}
