package dev.flujo.processor.queries;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.queries.QuerySources.compile;
import static dev.flujo.processor.queries.QuerySources.queries;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.GoldenFiles;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Query(lock)}: the PostgreSQL text gets the locking clause, the method runs in the
 * caller's transaction or one of its own, and misuse is one error on the {@code lock} value.
 */
class LockQueryTest {
  /** Asserts one error at the column just after {@code at} (javac places a {@code Lock.X} value at its dot). */
  private static void assertLockError(String member, String message, String at) {
    JavaFileObject source = queries(member);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source)
        .onLine(8)
        .atColumn(2 + member.indexOf(at) + at.length() + 1);
  }

  @Test
  void aSkipLockedClaimMatchesGolden() throws IOException {
    Compilation compilation =
        compile(
            queries(
                "@Query(value = \"SELECT * FROM jobs WHERE status = 'PENDING' ORDER BY created_at"
                    + " LIMIT :n\", lock = Lock.SKIP_LOCKED) List<Job> claim(int n);",
                "@Query(value = \"SELECT * FROM jobs WHERE id = :id\","
                    + " postgres = \"SELECT * FROM jobs WHERE id = :id\", lock = Lock.FOR_UPDATE)"
                    + " Optional<Job> hold(String id);",
                "@Query(value = \"SELECT * FROM jobs WHERE id IN (:ids)\", lock ="
                    + " Lock.SKIP_LOCKED) List<Job> claimAmong(Collection<String> ids);",
                "@Query(\"UPDATE jobs SET owner = :owner WHERE id = :id AND owner = :was\")"
                    + " boolean take(String id, String was, String owner);"));
    assertThat(compilation).succeededWithoutWarnings();
    String impl =
        compilation.generatedSourceFile("test.JobQueriesImpl").orElseThrow().getCharContent(true).toString();
    GoldenFiles.assertMatches("LockingJobQueriesImpl.java", impl);
  }

  @Test
  void lockOnAnUpdateIsAnError() {
    assertLockError(
        "@Query(value = \"UPDATE jobs SET owner = 'x'\", lock = Lock.SKIP_LOCKED) int take();",
        String.format(Errors.QUERY_LOCK_NOT_SELECT, "UPDATE"),
        "lock = Lock");
  }

  @Test
  void lockReturningAStreamIsAnError() {
    assertLockError(
        "@Query(value = \"SELECT * FROM jobs\", lock = Lock.SKIP_LOCKED) Stream<Job> all();",
        Errors.QUERY_LOCK_STREAM,
        "lock = Lock");
  }

  @Test
  void aPostgresFormThatLocksItselfIsAnError() {
    assertLockError(
        "@Query(value = \"SELECT * FROM jobs\", postgres = \"SELECT * FROM jobs FOR UPDATE\","
            + " lock = Lock.FOR_UPDATE) List<Job> all();",
        String.format(Errors.QUERY_LOCK_WRITTEN, "FOR UPDATE"),
        "postgres = ");
  }
}
