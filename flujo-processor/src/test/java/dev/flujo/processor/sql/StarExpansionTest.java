package dev.flujo.processor.sql;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.processor.model.QuerySql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StarExpansionTest {
  private static final Map<String, List<String>> TABLES =
      Map.of("jobs", List.of("id", "owner", "note"), "runs", List.of("run_id", "job_id"));

  private static StarExpansion.Result expand(String sql) {
    return new StarExpansion(name -> TABLES.get(name.toLowerCase(java.util.Locale.ROOT)))
        .expand(QuerySql.parse(sql));
  }

  private static String text(String sql) {
    StarExpansion.Result result = expand(sql);
    assertThat(result.unexpandable()).isEmpty();
    return result.sql().text();
  }

  @Test
  void bareStarOverOneTableBecomesItsColumnsInDeclarationOrder() {
    assertThat(text("SELECT * FROM jobs WHERE id = :id"))
        .isEqualTo("SELECT \"id\", \"owner\", \"note\" FROM jobs WHERE id = :id");
  }

  @Test
  void qualifiedStarUsesTheAliasAsWritten() {
    assertThat(text("SELECT j.*, r.run_id FROM jobs j JOIN runs r ON r.job_id = j.id"))
        .isEqualTo(
            "SELECT \"j\".\"id\", \"j\".\"owner\", \"j\".\"note\", r.run_id FROM jobs j JOIN runs r"
                + " ON r.job_id = j.id");
  }

  @Test
  void bareStarOverAJoinQualifiesEachTable() {
    assertThat(text("SELECT * FROM jobs AS j, runs WHERE runs.job_id = j.id"))
        .isEqualTo(
            "SELECT \"j\".\"id\", \"j\".\"owner\", \"j\".\"note\", \"runs\".\"run_id\","
                + " \"runs\".\"job_id\" FROM jobs AS j, runs WHERE runs.job_id = j.id");
  }

  @Test
  void starsInsideSubqueriesAndInTheListsOfInAreExpanded() {
    assertThat(text("SELECT * FROM (SELECT * FROM jobs) WHERE id IN (SELECT job_id FROM runs)"))
        .isEqualTo(
            "SELECT * FROM (SELECT \"id\", \"owner\", \"note\" FROM jobs) WHERE id IN (SELECT"
                + " job_id FROM runs)");
  }

  @Test
  void aCommonTableExpressionShadowingATableIsLeftAsWritten() {
    assertThat(text("WITH jobs AS (SELECT * FROM runs) SELECT * FROM jobs"))
        .isEqualTo("WITH jobs AS (SELECT \"run_id\", \"job_id\" FROM runs) SELECT * FROM jobs");
  }

  @Test
  void countStarMultiplicationAndUnknownTablesAreLeftAlone() {
    String sql = "SELECT count(*), 2 * 3 FROM jobs WHERE id = :id";
    assertThat(text(sql)).isEqualTo(sql);
    assertThat(text("SELECT * FROM nowhere")).isEqualTo("SELECT * FROM nowhere");
  }

  @Test
  void quotedNamesAreQuotedAgainInTheExpansion() {
    assertThat(text("SELECT \"J\".* FROM \"jobs\" \"J\""))
        .isEqualTo("SELECT \"J\".\"id\", \"J\".\"owner\", \"J\".\"note\" FROM \"jobs\" \"J\"");
  }

  @Test
  void aBareStarOverANaturalOrUsingJoinIsReported() {
    assertThat(expand("SELECT * FROM jobs NATURAL JOIN runs").unexpandable()).containsExactly("*");
    assertThat(expand("SELECT * FROM jobs JOIN runs USING (id)").unexpandable())
        .containsExactly("*");
    assertThat(text("SELECT jobs.* FROM jobs JOIN runs USING (id)"))
        .isEqualTo(
            "SELECT \"jobs\".\"id\", \"jobs\".\"owner\", \"jobs\".\"note\" FROM jobs JOIN runs"
                + " USING (id)");
  }
}
