package dev.flujo.processor.queries;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.queries.QuerySources.compile;
import static dev.flujo.processor.queries.QuerySources.queries;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Query(postgres)}: what is checked without a server, each error on the {@code postgres}
 * value, and the PostgreSQL text generated from it and from {@code IN} lists.
 */
class PostgresFormTest {
  private static void assertPostgresError(String member, String message) {
    JavaFileObject source = queries(member);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source)
        .onLine(8)
        .atColumn(2 + member.indexOf("postgres = ") + "postgres = ".length() + 1);
  }

  private static String generated(String... members) throws IOException {
    Compilation compilation = compile(queries(members));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation
        .generatedSourceFile("test.JobQueriesImpl")
        .orElseThrow()
        .getCharContent(true)
        .toString();
  }

  @Test
  void postgresFormBindingOtherParametersIsReported() {
    assertPostgresError(
        "@Query(value = \"SELECT count(*) FROM jobs WHERE owner = :owner AND attempts > :min\","
            + " postgres = \"SELECT count(*) FROM jobs WHERE attempts > :min AND owner = :owner\")"
            + " long count(String owner, int min);",
        String.format(
            Errors.QUERY_POSTGRES_PARAMETERS, ":min, :owner", ":owner, :min"));
  }

  @Test
  void postgresFormReturningOtherColumnsIsReported() {
    assertPostgresError(
        "@Query(value = \"SELECT owner, attempts FROM jobs\","
            + " postgres = \"SELECT owner FROM jobs\") List<Job> owners();",
        String.format(Errors.QUERY_POSTGRES_COLUMNS, 1, 2, "owner, attempts"));
  }

  @Test
  void postgresFormNamingAColumnOtherwiseIsReported() {
    assertPostgresError(
        "@Query(value = \"SELECT count(*) AS n FROM jobs\","
            + " postgres = \"SELECT count(*) AS total FROM jobs\") long count();",
        String.format(Errors.QUERY_POSTGRES_LABEL, 1, "total", "n"));
  }

  @Test
  void postgresFormWritingWhereTheSqliteFormReadsIsReported() {
    assertPostgresError(
        "@Query(value = \"SELECT count(*) FROM jobs\","
            + " postgres = \"DELETE FROM jobs\") long count();",
        String.format(Errors.QUERY_POSTGRES_KIND, "writes", "reads"));
  }

  @Test
  void postgresFormWithPositionalParameterIsReported() {
    assertPostgresError(
        "@Query(value = \"DELETE FROM jobs WHERE id = :id\","
            + " postgres = \"DELETE FROM jobs WHERE id = $1\") void delete(String id);",
        String.format(Errors.QUERY_FOREIGN_PARAMETER, "$1"));
  }

  @Test
  void postgresFormWithSeveralStatementsIsReported() {
    assertPostgresError(
        "@Query(value = \"DELETE FROM jobs\","
            + " postgres = \"DELETE FROM jobs; DELETE FROM runs\") void wipe();",
        Errors.QUERY_SEVERAL_STATEMENTS);
  }

  @Test
  void postgresFormIsTheStatementsPostgresTextWithStarsExpanded() throws IOException {
    String impl =
        generated(
            "@Query(value = \"SELECT * FROM jobs WHERE note IS :note\","
                + " postgres = \"SELECT * FROM jobs WHERE note IS NOT DISTINCT FROM :note\")",
            "List<Job> byNote(@Nullable String note);");
    assertThat(impl)
        .contains(
            ".postgres(\"SELECT \\\"id\\\", \\\"owner\\\", \\\"status\\\", \\\"attempts\\\","
                + " \\\"created_at\\\", \\\"note\\\"\"\n"
                + "          + \" FROM jobs WHERE note IS NOT DISTINCT FROM ?\")");
  }

  @Test
  void statementsDeclareTheTablesTheyReadWhenTheyJoinOthers() throws IOException {
    String impl =
        generated(
            "@Query(\"SELECT count(*) FROM jobs j JOIN runs r ON r.job_id = j.id WHERE j.owner ="
                + " :owner\") long runsOf(String owner);",
            "@Query(\"SELECT count(*) FROM jobs WHERE owner = :owner\") long jobsOf(String owner);",
            "@Query(\"DELETE FROM jobs WHERE id IN (SELECT job_id FROM runs)\") int purge();");
    String runsOf = impl.substring(impl.indexOf("JobQueriesImpl.runsOf"));
    assertThat(runsOf.substring(0, runsOf.indexOf(";"))).contains(".reads(\"jobs\", \"runs\")");
    String jobsOf = impl.substring(impl.indexOf("JobQueriesImpl.jobsOf"));
    assertThat(jobsOf.substring(0, jobsOf.indexOf(";"))).doesNotContain(".reads(");
    String purge = impl.substring(impl.indexOf("JobQueriesImpl.purge"));
    assertThat(purge.substring(0, purge.indexOf(";"))).contains(".reads(\"jobs\", \"runs\")");
  }

  @Test
  void postgresCastIsNotReadAsAParameter() throws IOException {
    String impl =
        generated(
            "@Query(value = \"SELECT count(*) FROM jobs WHERE CAST(attempts AS TEXT) = :text\","
                + " postgres = \"SELECT count(*) FROM jobs WHERE attempts::text = :text\")",
            "long count(String text);");
    assertThat(impl).contains("attempts::text = ?");
  }

  @Test
  void inListsBecomeOneArrayOnPostgres() throws IOException {
    String impl =
        generated(
            "@Query(\"SELECT * FROM jobs WHERE id IN (:ids) AND status NOT IN (:skipped)\")",
            "List<Job> some(Collection<String> ids, Set<Status> skipped);");
    assertThat(impl).contains("WHERE id = ANY(?) AND status <> ALL(?)\"");
    assertThat(impl).contains(".parameters(ColumnType.TEXT, ColumnType.TEXT)");
    assertThat(impl).contains("codec.setArray(statement, index++, ColumnType.TEXT, idsValues);");
    assertThat(impl)
        .contains("codec.setArray(statement, index++, ColumnType.TEXT, skippedValues);");
    assertThat(impl).contains("QUERIES = QuerySet.of(\"test.JobQueries\", SOME_ARRAY);");
  }

  @Test
  void aPostgresFormsOwnListSyntaxIsKept() throws IOException {
    String impl =
        generated(
            "@Query(value = \"DELETE FROM jobs WHERE id IN (:ids)\","
                + " postgres = \"DELETE FROM jobs WHERE id = ANY(:ids)\")",
            "int delete(Collection<String> ids);");
    assertThat(impl).contains("\"DELETE FROM jobs WHERE id = ANY(?)\"");
  }

  @Test
  void listsOfDurationsAndConvertedValuesBindStoredValuesAsArrays() throws IOException {
    String impl =
        generated(
            "@Query(\"SELECT count(*) FROM jobs WHERE attempts IN (:waits)\")",
            "long waited(List<java.time.Duration> waits);");
    assertThat(impl).contains("waitsValuesStored.add(Values.toMicros(waitsElement, TABLE_NAME, \"waits\"));");
    assertThat(impl)
        .contains("codec.setArray(statement, index++, ColumnType.BIGINT, waitsValuesStored);");
  }
}
