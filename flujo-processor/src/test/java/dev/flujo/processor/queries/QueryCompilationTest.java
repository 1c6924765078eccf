package dev.flujo.processor.queries;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.queries.QuerySources.compile;
import static dev.flujo.processor.queries.QuerySources.queries;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.validation.Errors;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every compile error of {@code @StateQueries}, pinned to the method at fault. */
class QueryCompilationTest {
  private static String prefix(String format) {
    int placeholder = format.indexOf('%');
    return placeholder < 0 ? format : format.substring(0, placeholder);
  }

  private static void assertError(String member, String line, String... messages) {
    JavaFileObject source = queries(member);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    for (String message : messages) {
      assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    }
  }

  @Test
  void validQueriesCompileWithoutWarnings() {
    JavaFileObject source =
        queries(
            "@Query(\"SELECT * FROM jobs WHERE status = :status\") List<Job> byStatus(Status status);",
            "@Query(\"SELECT count(*) FROM jobs\") long count();",
            "@Query(\"DELETE FROM jobs WHERE id IN (:ids)\") int delete(Collection<String> ids);");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.JobQueriesImpl");
  }

  @Test
  void syntaxErrorIsReportedWithSqlitesMessage() {
    assertError(
        "@Query(\"SELEC * FROM jobs\") List<Job> broken();",
        "broken()",
        prefix(Errors.QUERY_SQLITE_ERROR),
        "near \"SELEC\": syntax error");
  }

  @Test
  void unknownTableIsReportedWithSqlitesMessage() {
    assertError(
        "@Query(\"SELECT * FROM nope\") List<Job> fromNowhere();",
        "fromNowhere()",
        "no such table: nope",
        Errors.QUERY_TABLE_HINT.trim());
  }

  @Test
  void unknownColumnIsReportedWithSqlitesMessage() {
    assertError(
        "@Query(\"SELECT * FROM jobs WHERE colour = :id\") List<Job> byColour(String id);",
        "byColour(",
        "no such column: colour");
  }

  @Test
  void namedParameterWithoutMethodParameterIsReportedWithASuggestion() {
    assertError(
        "@Query(\"SELECT * FROM jobs WHERE owner = :ownr\") List<Job> byOwner(String owner);",
        "byOwner(",
        "@Query uses :ownr, but the method has no such parameter; its parameters are [owner];"
            + " did you mean \"owner\"?",
        String.format(Errors.QUERY_UNUSED_PARAMETER, "owner"));
  }

  @Test
  void unusedParameterIsReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs\") List<Job> all(String owner);",
        "all(String owner)",
        String.format(Errors.QUERY_UNUSED_PARAMETER, "owner"));
  }

  @Test
  void projectionComponentWithoutResultColumnIsReported() {
    JavaFileObject summary =
        JavaFileObjects.forSourceLines(
            "test.Summary", "package test;", "public record Summary(String id, int total) {}");
    JavaFileObject source =
        queries("@Query(\"SELECT id FROM jobs\") List<Summary> summaries();");
    Compilation compilation = compile(source, summary);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "record component \"total\" needs result column \"total\", which the @Query does not"
                + " return; it returns [id]")
        .inFile(source)
        .onLineContaining("summaries()");
  }

  @Test
  void entityColumnWithoutResultColumnIsReported() {
    assertError(
        "@Query(\"SELECT id, owner FROM jobs\") List<Job> partial();",
        "partial()",
        "entity column \"status\" needs result column \"status\"",
        "entity column \"createdAt\" needs result column \"created_at\"");
  }

  @Test
  void projectionComponentOfIncompatibleTypeIsReported() {
    JavaFileObject owned =
        JavaFileObjects.forSourceLines(
            "test.Owned", "package test;", "public record Owned(String id, long owner) {}");
    JavaFileObject source = queries("@Query(\"SELECT id, owner FROM jobs\") List<Owned> owned();");
    Compilation compilation = compile(source, owned);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("record component \"owner\" is a long, but result column \"owner\" holds TEXT")
        .inFile(source)
        .onLineContaining("owned()");
  }

  @Test
  void scalarOfIncompatibleTypeIsReported() {
    assertError(
        "@Query(\"SELECT owner FROM jobs\") List<Instant> owners();",
        "owners()",
        "return type \"owners\" is a java.time.Instant, but result column \"owner\" holds TEXT");
  }

  @Test
  void writeReturningAListIsReported() {
    assertError(
        "@Query(\"DELETE FROM jobs WHERE owner = :owner\") List<Job> purge(String owner);",
        "purge(",
        prefix(Errors.QUERY_WRITE_RETURNS_ROWS));
  }

  @Test
  void severalStatementsAreReported() {
    assertError(
        "@Query(\"DELETE FROM jobs; DELETE FROM runs\") void wipe();",
        "wipe()",
        Errors.QUERY_SEVERAL_STATEMENTS);
  }

  @Test
  void trailingSemicolonAndCommentsAreOneStatement() {
    JavaFileObject source =
        queries("@Query(\"DELETE FROM jobs /* all */; -- done\") void wipe();");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void emptyStatementIsReported() {
    assertError("@Query(\" -- nothing\") void nothing();", "nothing()", Errors.QUERY_EMPTY);
  }

  @Test
  void statementsOtherThanQueriesAndDmlAreReported() {
    assertError(
        "@Query(\"CREATE TABLE x (a INTEGER)\") void create();",
        "create()",
        String.format(Errors.QUERY_NOT_DML, "CREATE"));
  }

  @Test
  void positionalParametersAreReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs WHERE id = ?\") List<Job> byId(String id);",
        "byId(",
        String.format(Errors.QUERY_FOREIGN_PARAMETER, "?"));
  }

  @Test
  void unsupportedReturnTypeIsReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs\") Set<Job> all();",
        "all()",
        String.format(Errors.QUERY_RETURN_TYPE, "java.util.Set<test.Job>", "").split("; return")[0]);
  }

  @Test
  void unsupportedParameterTypeIsReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs WHERE owner = :owner\") List<Job> byOwner(Object owner);",
        "byOwner(",
        "parameter \"owner\" has type java.lang.Object, which cannot be bound");
  }

  @Test
  void collectionOutsideAnInListIsReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs WHERE id = :ids\") List<Job> byIds(List<String> ids);",
        "byIds(",
        String.format(Errors.QUERY_COLLECTION_NOT_IN_LIST, "ids"));
  }

  @Test
  void readReturningVoidIsReported() {
    assertError(
        "@Query(\"SELECT * FROM jobs\") void look();", "look()", Errors.QUERY_READ_RETURNS_VOID);
  }

  @Test
  void scalarOfSeveralColumnsIsReported() {
    assertError(
        "@Query(\"SELECT id, owner FROM jobs\") List<String> pairs();",
        "pairs()",
        "one value per row, but the statement returns 2 columns [id, owner]");
  }

  @Test
  void duplicateResultColumnIsReported() {
    assertError(
        "@Query(\"SELECT j.*, r.run_id AS id FROM jobs j JOIN runs r ON r.job_id = j.id\")"
            + " List<Job> joined();",
        "joined()",
        String.format(Errors.QUERY_DUPLICATE_COLUMN, "id"));
  }

  @Test
  void abstractMethodWithoutQueryIsReported() {
    assertError("List<Job> forgotten();", "forgotten()", String.format(Errors.QUERY_MISSING, "forgotten"));
  }

  @Test
  void unreadResultColumnIsAWarning() {
    JavaFileObject source =
        queries("@Query(\"SELECT *, 1 AS extra FROM jobs\") List<Job> withExtra();");
    Compilation compilation = QuerySources.compileWith(List.of("-Xlint:all"), source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("result column \"extra\" is not read into test.Job")
        .inFile(source)
        .onLineContaining("withExtra()");
  }

  @Test
  void stateQueriesOnAClassIsReported() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.NotAnInterface",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateQueries(Job.class)",
            "public abstract class NotAnInterface {}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(String.format(Errors.QUERIES_KIND, "class"))
        .inFile(source)
        .onLineContaining("@StateQueries");
  }

  @Test
  void stateQueriesOfATypeWithoutStateTableIsReported() {
    JavaFileObject source =
        JavaFileObjects.forSourceLines(
            "test.StringQueries",
            "package test;",
            "import dev.flujo.annotations.*;",
            "@StateQueries(String.class)",
            "public interface StringQueries {}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(String.format(Errors.QUERIES_NOT_A_TABLE, "java.lang.String"))
        .inFile(source)
        .onLineContaining("@StateQueries");
  }

  @Test
  void everyBrokenMethodIsReportedInOneBuild() {
    JavaFileObject source =
        queries(
            "@Query(\"SELEC 1\") long first();",
            "@Query(\"SELECT * FROM jobs\") List<Job> second(String unused);");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("syntax error").inFile(source).onLineContaining("first()");
    assertThat(compilation)
        .hadErrorContaining(String.format(Errors.QUERY_UNUSED_PARAMETER, "unused"))
        .inFile(source)
        .onLineContaining("second(");
  }

  @Test
  void joinOfTwoTablesOfTheCompilationCompiles() {
    JavaFileObject row =
        JavaFileObjects.forSourceLines(
            "test.JobRun", "package test;", "public record JobRun(String id, String runId, long startedAt) {}");
    JavaFileObject source =
        queries(
            "@Query(\"SELECT j.id, r.run_id, r.started_at FROM jobs j JOIN runs r ON r.job_id = j.id"
                + " WHERE j.owner = :owner\") List<JobRun> runs(String owner);");
    Compilation compilation = compile(source, row);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void starOverANaturalJoinIsReportedAsUnexpandable() {
    assertError(
        "@Query(\"SELECT * FROM jobs NATURAL JOIN runs\") List<Job> joined();",
        "joined()",
        Errors.QUERY_STAR_UNEXPANDABLE);
  }

  @Test
  void qualifiedStarOfAnEntityInAJoinIsSentAsItsColumnList() {
    JavaFileObject source =
        queries(
            "@Query(\"SELECT j.* FROM jobs j JOIN runs r ON r.job_id = j.id WHERE r.started_at > :t\")"
                + " List<Job> started(long t);");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.JobQueriesImpl")
        .contentsAsUtf8String()
        .contains(
            "SELECT \\\"j\\\".\\\"id\\\", \\\"j\\\".\\\"owner\\\"");
  }
}
