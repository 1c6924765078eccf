package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Version}: one primitive {@code long}/{@code int} outside the key, not nullable, not
 * combined with the clock's timestamps or a converter; each misuse is one error on the annotation.
 */
class VersionValidationTest {
  @Test
  void twoVersionsAreAnErrorOnTheSecond() {
    JavaFileObject src =
        source(
            "Run",
            "@StateTable",
            "record Run(",
            "    @Id String id,",
            "    @Version long version,",
            "    @Version long revision) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_TWICE, "version", "revision"),
        src,
        "long revision",
        "@Version");
  }

  @Test
  void aStringVersionIsAnError() {
    JavaFileObject src =
        source("Run", "@StateTable", "record Run(", "    @Id String id,", "    @Version String version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_TYPE, "version", "java.lang.String"),
        src,
        "String version",
        "@Version");
  }

  @Test
  void aBoxedVersionIsAnError() {
    JavaFileObject src =
        source("Run", "@StateTable", "record Run(", "    @Id String id,", "    @Version Long version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_TYPE, "version", "java.lang.Long"),
        src,
        "Long version",
        "@Version");
  }

  @Test
  void aShortVersionIsAnError() {
    JavaFileObject src =
        source("Run", "@StateTable", "record Run(", "    @Id String id,", "    @Version short version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_TYPE, "version", "short"),
        src,
        "short version",
        "@Version");
  }

  @Test
  void aVersionOnTheKeyIsAnError() {
    JavaFileObject src =
        source("Run", "@StateTable", "record Run(", "    @Id @Version long id,", "    String name) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_ON_KEY, "id"),
        src,
        "long id",
        "@Version");
  }

  @Test
  void aNullableVersionIsAnError() {
    JavaFileObject src =
        source(
            "Run",
            "@StateTable",
            "record Run(",
            "    @Id String id,",
            "    @Nullable @Version Long version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_NULLABLE, "version"),
        src,
        "Long version",
        "@Nullable");
  }

  @Test
  void aVersionThatIsAlsoATimestampIsAnError() {
    JavaFileObject src =
        source(
            "Run",
            "@StateTable",
            "record Run(",
            "    @Id String id,",
            "    @UpdatedAt @Version Instant version) {}");
    Compilation compilation = compile(src);
    assertOnlyErrorAt(
        compilation,
        String.format(Errors.VERSION_COMBINED, "UpdatedAt", "version"),
        src,
        "Instant version",
        "@Version");
  }

  @Test
  void aCreatedAtVersionIsAnError() {
    JavaFileObject src =
        source(
            "Run",
            "@StateTable",
            "record Run(",
            "    @Id String id,",
            "    @CreatedAt @Version Instant version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_COMBINED, "CreatedAt", "version"),
        src,
        "Instant version",
        "@Version");
  }

  @Test
  void aConvertedVersionIsAnError() {
    JavaFileObject src =
        source(
            "Run",
            "final class Plus implements ColumnConverter<Long, Long> {",
            "  @Override public Long toColumn(Long v) { return v; }",
            "  @Override public Long fromColumn(Long v) { return v; }",
            "}",
            "@StateTable",
            "record Run(",
            "    @Id String id,",
            "    @Convert(Plus.class) @Version long version) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.VERSION_COMBINED, "Convert", "version"),
        src,
        "long version",
        "@Version");
  }

  @Test
  void aVersionedClassWithAnIntVersionCompilesClean() throws IOException {
    JavaFileObject src =
        source(
            "Run",
            "@StateTable",
            "public class Run {",
            "  @Id private String id;",
            "  @Version private int version;",
            "  public Run() {}",
            "  public String getId() { return id; }",
            "  public void setId(String id) { this.id = id; }",
            "  public int getVersion() { return version; }",
            "  public void setVersion(int version) { this.version = version; }",
            "}");
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String dao =
        compilation.generatedSourceFile("test.RunDao").orElseThrow().getCharContent(true).toString();
    assertThat(dao).contains("public int update(Run entity)");
    assertThat(dao).contains("public int upsert(Run entity)");
  }
}
