package dev.flujo.processor.steps;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.FlujoProcessor;
import dev.flujo.processor.validation.Errors;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Where {@code @DbRetry} may stand, how its bounds are checked, and what compiles cleanly. */
class RetryWrapperStepTest {
  private static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new FlujoProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(sources);
  }

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines("test." + name, lines);
  }

  private static List<String> generatedNames(Compilation c) {
    List<String> names = new ArrayList<>();
    for (JavaFileObject file : c.generatedSourceFiles()) {
      String path = file.toUri().getPath();
      names.add(path.substring(path.lastIndexOf('/') + 1));
    }
    return names;
  }

  @Test
  void onAClassItIsAnError() {
    JavaFileObject src =
        source("Service", "package test;", "@dev.flujo.annotations.DbRetry", "class Service {}");

    Compilation c = compile(src);

    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_MISPLACED, "class test.Service"))
        .inFile(src)
        .onLineContaining("@dev.flujo.annotations.DbRetry");
  }

  @Test
  void onAMethodOfAClassItIsAnError() {
    JavaFileObject src =
        source(
            "Service",
            "package test;",
            "class Service {",
            "  @dev.flujo.annotations.DbRetry",
            "  void run() {}",
            "}");

    Compilation c = compile(src);

    assertThat(c)
        .hadErrorContaining(
            String.format(Errors.RETRY_MISPLACED, "method test.Service.run() of a class"))
        .inFile(src)
        .onLineContaining("@dev.flujo.annotations.DbRetry");
  }

  @Test
  void onAnAnnotationTypeItIsAnError() {
    JavaFileObject src =
        source("Marker", "package test;", "@dev.flujo.annotations.DbRetry", "@interface Marker {}");

    assertThat(compile(src))
        .hadErrorContaining(String.format(Errors.RETRY_MISPLACED, "annotation type test.Marker"));
  }

  @Test
  void onAStaticOrPrivateInterfaceMethodItIsAnError() {
    JavaFileObject src =
        source(
            "Service",
            "package test;",
            "import dev.flujo.annotations.DbRetry;",
            "interface Service {",
            "  void run();",
            "  @DbRetry static void helper() {}",
            "  @DbRetry private void hidden() {}",
            "}");

    Compilation c = compile(src);

    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_UNWRAPPABLE_METHOD, "helper()", "Service"))
        .inFile(src)
        .onLineContaining("static void helper()");
    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_UNWRAPPABLE_METHOD, "hidden()", "Service"))
        .inFile(src)
        .onLineContaining("private void hidden()");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void aPrivateInterfaceCannotBeWrapped() {
    JavaFileObject src =
        source(
            "Outer",
            "package test;",
            "class Outer {",
            "  @dev.flujo.annotations.DbRetry",
            "  private interface Hidden { void run(); }",
            "}");

    assertThat(compile(src))
        .hadErrorContaining(String.format(Errors.RETRY_INTERFACE_PRIVATE, "test.Outer.Hidden"))
        .inFile(src)
        .onLineContaining("private interface Hidden");
  }

  @Test
  void aSealedInterfaceCannotBeWrapped() {
    JavaFileObject src =
        source(
            "Sealed",
            "package test;",
            "@dev.flujo.annotations.DbRetry",
            "sealed interface Sealed permits Only { void run(); }",
            "final class Only implements Sealed { public void run() {} }");

    assertThat(compile(src))
        .hadErrorContaining(String.format(Errors.RETRY_INTERFACE_SEALED, "test.Sealed"))
        .inFile(src)
        .onLineContaining("@dev.flujo.annotations.DbRetry");
  }

  @Test
  void boundsAreCheckedOnTheInterfaceAndOnEachMethod() {
    JavaFileObject src =
        source(
            "Service",
            "package test;",
            "import dev.flujo.annotations.DbRetry;",
            "@DbRetry(maxAttempts = 0)",
            "interface Service {",
            "  @DbRetry(jitter = 1.5)",
            "  void run();",
            "  @DbRetry(initialDelayMillis = 50, maxDelayMillis = 10, multiplier = 0.5)",
            "  void walk();",
            "}");

    Compilation c = compile(src);

    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_MAX_ATTEMPTS, 0))
        .inFile(src)
        .onLineContaining("maxAttempts = 0");
    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_JITTER, 1.5))
        .inFile(src)
        .onLineContaining("jitter = 1.5");
    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_MAX_BELOW_INITIAL, 10, 50))
        .inFile(src)
        .onLineContaining("maxDelayMillis = 10");
    assertThat(c)
        .hadErrorContaining(String.format(Errors.RETRY_MULTIPLIER, 0.5))
        .inFile(src)
        .onLineContaining("multiplier = 0.5");
    assertThat(c).hadErrorCount(4);
  }

  @Test
  void onAStateTableItSetsTheDaoPolicyAndWritesNoWrapper() {
    JavaFileObject src =
        source(
            "Job",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateTable",
            "@DbRetry(maxAttempts = 7, initialDelayMillis = 3, maxDelayMillis = 30)",
            "record Job(@Id String id) {}");

    Compilation c = compile(src);

    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedSourceFile("test.RetryingJob")).isEmpty();
    assertThat(c)
        .generatedSourceFile("test.JobDao")
        .contentsAsUtf8String()
        .contains(
            "RETRY_POLICY = new RetryPolicy(7, 3L, "
                + dbRetryDefault("multiplier")
                + ", 30L, "
                + dbRetryDefault("jitter")
                + ")");
  }

  @Test
  void aNestedInterfaceGetsAnOuterQualifiedWrapperName() {
    JavaFileObject src =
        source(
            "Outer",
            "package test;",
            "public class Outer {",
            "  @dev.flujo.annotations.DbRetry",
            "  public interface Store { void save(String value); }",
            "}");

    Compilation c = compile(src);

    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.RetryingOuter_Store")
        .contentsAsUtf8String()
        .contains("public final class RetryingOuter_Store implements Outer.Store");
  }

  @Test
  void anInterfaceReferringToAGeneratedDaoWaitsForItAndCompiles() {
    JavaFileObject entity =
        source(
            "Job",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateTable record Job(@Id String id) {}");
    JavaFileObject store =
        source(
            "Jobs",
            "package test;",
            "interface Jobs {",
            "  @dev.flujo.annotations.DbRetry",
            "  JobDao dao();",
            "}");

    Compilation c = compile(entity, store);

    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("test.RetryingJobs")
        .contentsAsUtf8String()
        .contains("JobDao dao()");
  }

  @Test
  void awkwardSignaturesCompileWithoutWarnings() {
    JavaFileObject base =
        source(
            "Base",
            "package test;",
            "import dev.flujo.annotations.DbRetry;",
            "import java.util.List;",
            "public interface Base<T> {",
            "  Object pick(T value);",
            "  @DbRetry T first(List<? extends T> values) throws java.io.IOException;",
            "}");
    JavaFileObject other =
        source(
            "Other",
            "package test;",
            "public interface Other { CharSequence pick(String value); }");
    JavaFileObject awkward =
        source(
            "Awkward",
            "package test;",
            "import dev.flujo.annotations.DbRetry;",
            "import java.util.*;",
            "import java.util.concurrent.Callable;",
            "@Deprecated",
            "@DbRetry",
            "public interface Awkward extends Base<String>, Other {",
            "  String pick(String value);",
            "  <X extends Exception> void raise(Callable<X> make) throws X;",
            "  @Deprecated(forRemoval = true) void old();",
            "  byte[][] matrix(int... sizes);",
            "  default <R extends Comparable<? super R>> R max(Collection<? extends R> all) {",
            "    return Collections.max(all);",
            "  }",
            "  String toString();",
            "}");

    Compilation c = compile(base, other, awkward);

    assertThat(c).succeededWithoutWarnings();
    assertThat(generatedNames(c)).containsAtLeast("RetryingBase.java", "RetryingAwkward.java");
    assertThat(c)
        .generatedSourceFile("test.RetryingAwkward")
        .contentsAsUtf8String()
        .contains("public String pick(String value)");
    assertThat(c)
        .generatedSourceFile("test.RetryingAwkward")
        .contentsAsUtf8String()
        .contains("public <X extends Exception> void raise(Callable<X> make) throws X {");
  }

  /** A default as {@code @DbRetry} declares it: the one place the defaults are written. */
  private static Object dbRetryDefault(String attribute) {
    try {
      return dev.flujo.annotations.DbRetry.class.getMethod(attribute).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
