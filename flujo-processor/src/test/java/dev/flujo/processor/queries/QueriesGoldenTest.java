package dev.flujo.processor.queries;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.GoldenFiles;
import java.io.IOException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated implementation of one representative interface, compared with {@code
 * src/test/resources/golden/JobQueriesImpl.java}. Run with {@code -Dflujo.updateGoldens=true} to
 * rewrite the golden file after a deliberate change, then review the diff.
 */
class QueriesGoldenTest {
  @Test
  void generatedImplementationMatchesGolden() throws IOException {
    JavaFileObject owners =
        JavaFileObjects.forSourceLines(
            "test.OwnerCount", "package test;", "public record OwnerCount(String owner, long jobs) {}");
    JavaFileObject source =
        QuerySources.queries(
            "@Query(\"SELECT * FROM jobs WHERE status = :status ORDER BY created_at LIMIT :limit\")",
            "List<Job> byStatus(Status status, int limit);",
            "@Query(value = \"SELECT * FROM jobs WHERE id IN (:ids) AND note IS :note\",",
            "    postgres = \"SELECT * FROM jobs WHERE id IN (:ids) AND note IS NOT DISTINCT FROM :note\")",
            "List<Job> byIds(Collection<String> ids, @Nullable String note);",
            "@Query(value = \"SELECT count(*) FROM jobs WHERE note IS :note\",",
            "    postgres = \"SELECT count(*) FROM jobs WHERE note IS NOT DISTINCT FROM :note\")",
            "long countByNote(@Nullable String note);",
            "@Query(\"SELECT owner, count(*) AS jobs FROM jobs GROUP BY owner ORDER BY owner\")",
            "List<OwnerCount> owners();",
            "@Query(\"SELECT max(created_at) FROM jobs WHERE owner = :owner\")",
            "Optional<Instant> lastCreated(String owner);",
            "@Query(\"SELECT * FROM jobs WHERE owner = :owner\")",
            "Stream<Job> streamByOwner(String owner);",
            "@Query(\"SELECT EXISTS (SELECT 1 FROM jobs WHERE id = :id)\")",
            "boolean exists(String id);",
            "@Query(\"UPDATE jobs SET attempts = attempts + 1 WHERE id = :id\")",
            "boolean retry(String id);",
            "@Query(\"DELETE FROM jobs WHERE created_at < :cutoff\")",
            "long purge(Instant cutoff);",
            "default long purgeAll() { return purge(Instant.MAX); }");
    // a nullable parameter needs an annotation that targets parameters
    JavaFileObject nullable =
        JavaFileObjects.forSourceLines(
            "test.Nullable",
            "package test;",
            "import java.lang.annotation.*;",
            "@Target(ElementType.PARAMETER) public @interface Nullable {}");
    // its own @Nullable is claimed by no processor, which -Xlint:processing would flag
    Compilation compilation =
        QuerySources.compileWith(
            List.of("-Xlint:all,-processing", "-Werror"), source, owners, nullable);
    assertThat(compilation).succeededWithoutWarnings();
    String generated =
        compilation
            .generatedSourceFile("test.JobQueriesImpl")
            .orElseThrow()
            .getCharContent(true)
            .toString();

    GoldenFiles.assertMatches("JobQueriesImpl.java", generated);
  }
}
