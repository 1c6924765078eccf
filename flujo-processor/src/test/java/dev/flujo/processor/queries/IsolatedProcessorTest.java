package dev.flujo.processor.queries;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.squareup.javapoet.JavaFile;
import dev.flujo.processor.FlujoProcessor;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.sqlite.JDBC;

/**
 * Build tools load annotation processors in a class loader of their own, one per compilation
 * (Maven's compiler plugin with {@code annotationProcessorPaths}, Gradle's workers). SQLite's
 * native library must load in each of them in one JVM.
 */
class IsolatedProcessorTest {
  @Test
  void processorChecksQueriesInSeveralIsolatedClassLoadersOfOneJvm() throws Exception {
    URL[] path = {
      location(FlujoProcessor.class), location(JavaFile.class), location(JDBC.class)
    };
    for (int i = 0; i < 3; i++) {
      try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
        Processor processor =
            (Processor)
                loader
                    .loadClass(FlujoProcessor.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();
        JavaFileObject source =
            QuerySources.queries(
                "@Query(\"SELECT * FROM jobs WHERE owner = :owner\") List<Job> byOwner(String owner);");
        Compilation compilation =
            javac()
                .withProcessors(processor)
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(List.of(QuerySources.STATUS, QuerySources.JOB, QuerySources.RUN, source));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.JobQueriesImpl");
      }
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
