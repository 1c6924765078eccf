package dev.flujo.processor.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import dev.flujo.processor.GoldenFiles;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code Retrying<Interface>} source, compared with a reviewed copy in {@code
 * src/test/resources/golden/} through {@link GoldenFiles}. Run with {@code
 * -Dflujo.updateGoldens=true} to rewrite the copy after a deliberate change, then review the diff.
 */
class RetryWrapperGoldenTest {
  private static final JavaFileObject PAYMENTS =
      JavaFileObjects.forSourceLines(
          "test.Payments",
          "package test;",
          "",
          "import dev.flujo.annotations.DbRetry;",
          "import java.io.IOException;",
          "import java.util.List;",
          "import java.util.Optional;",
          "",
          "/** Payments of one kind of customer key. */",
          "public interface Payments<K extends Comparable<K>> {",
          "  @DbRetry(maxAttempts = 3, initialDelayMillis = 20, multiplier = 3.0,",
          "      maxDelayMillis = 500, jitter = 0.25)",
          "  Optional<String> charge(K customer, long cents) throws IOException;",
          "",
          "  @DbRetry",
          "  void refund(K customer, String chargeId);",
          "",
          "  long balance(K customer);",
          "",
          "  @DbRetry(maxAttempts = 2, initialDelayMillis = 0, maxDelayMillis = 0)",
          "  default int pending(K customer) {",
          "    return 0;",
          "  }",
          "",
          "  <T extends Number> List<T> history(K customer, Class<T> type, String... tags);",
          "",
          "  @Deprecated",
          "  @DbRetry",
          "  void legacy(String retry, int failure);",
          "}");

  @Test
  void retryingPaymentsMatchesItsGolden() throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new FlujoProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(PAYMENTS);
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("test.RetryingPayments")
            .orElseThrow()
            .getCharContent(true)
            .toString();

    GoldenFiles.assertMatches("RetryingPayments.java", generated);
  }
}
