package dev.flujo.processor.queries;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.QuerySql.ColumnRef;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuerySqlTest {
  private static List<String> names(QuerySql sql) {
    return sql.parameters().stream().map(QuerySql.Parameter::name).collect(Collectors.toList());
  }

  @Test
  void parametersInsideLiteralsQuotedNamesAndCommentsAreNotParameters() {
    QuerySql sql =
        QuerySql.parse(
            "SELECT ':a', \":b\", [:c], `:d` FROM t -- :e\n WHERE x = :real /* :f */ AND y = 'it''s :g'");

    assertThat(names(sql)).containsExactly("real");
    assertThat(sql.jdbcSql())
        .isEqualTo(
            "SELECT ':a', \":b\", [:c], `:d` FROM t -- :e\n WHERE x = ? /* :f */ AND y = 'it''s :g'");
  }

  @Test
  void repeatedParameterIsBoundAtEachOccurrence() {
    QuerySql sql = QuerySql.parse("SELECT * FROM t WHERE a = :v OR b = :v");

    assertThat(names(sql)).containsExactly("v", "v");
    assertThat(sql.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? OR b = ?");
  }

  @Test
  void statementsAreCountedOutsideLiteralsAndTrailingSemicolonsDropped() {
    assertThat(QuerySql.parse("SELECT ';' FROM t;").hasSeveralStatements()).isFalse();
    assertThat(QuerySql.parse("SELECT 1;; -- end").hasSeveralStatements()).isFalse();
    assertThat(QuerySql.parse("SELECT 1; SELECT 2").hasSeveralStatements()).isTrue();
    assertThat(QuerySql.parse("SELECT 1;;").jdbcSql()).isEqualTo("SELECT 1");
    assertThat(QuerySql.parse(" ; -- x").isEmpty()).isTrue();
  }

  @Test
  void foreignParameterSyntaxesAreFound() {
    assertThat(QuerySql.parse("SELECT ?, ?2, @x, $y, :ok").foreignParameters())
        .containsExactly("?", "?2", "@x", "$y")
        .inOrder();
  }

  @Test
  void listParametersAreCutOutOfTheFragments() {
    QuerySql sql = QuerySql.parse("SELECT * FROM t WHERE a IN (:ids) AND b = :b AND c NOT IN ( :cs )");

    assertThat(sql.parameters().get(0).inList()).isTrue();
    assertThat(sql.parameters().get(1).inList()).isFalse();
    assertThat(sql.parameters().get(2).inList()).isTrue();
    assertThat(sql.fragments(name -> !name.equals("b")))
        .containsExactly("SELECT * FROM t WHERE a IN (", ") AND b = ? AND c NOT IN ( ", " )")
        .inOrder();
  }

  @Test
  void comparedColumnsAreFoundOnEitherSideAndInInserts() {
    QuerySql sql =
        QuerySql.parse(
            "SELECT * FROM workflows w WHERE w.payload = :p AND :q < \"started_at\""
                + " AND status NOT IN (:s) AND n BETWEEN :lo AND :hi AND f(:x) = 1");
    List<QuerySql.Parameter> p = sql.parameters();

    assertThat(sql.comparedColumn(p.get(0))).isEqualTo(new ColumnRef("w", "payload", -1));
    assertThat(sql.comparedColumn(p.get(1))).isEqualTo(new ColumnRef(null, "started_at", -1));
    assertThat(sql.comparedColumn(p.get(2))).isEqualTo(new ColumnRef(null, "status", -1));
    assertThat(sql.comparedColumn(p.get(3))).isEqualTo(new ColumnRef(null, "n", -1));
    assertThat(sql.comparedColumn(p.get(4))).isEqualTo(new ColumnRef(null, "n", -1));
    assertThat(sql.comparedColumn(p.get(5))).isNull();
    assertThat(sql.tableAliases()).containsEntry("w", "workflows");

    QuerySql insert = QuerySql.parse("INSERT INTO t (a, \"b\") VALUES (:x, lower(:y))");
    assertThat(insert.comparedColumn(insert.parameters().get(0)))
        .isEqualTo(new ColumnRef("t", "a", -1));
    assertThat(insert.comparedColumn(insert.parameters().get(1))).isNull();
    QuerySql positional = QuerySql.parse("INSERT INTO t VALUES (:x, :y)");
    assertThat(positional.comparedColumn(positional.parameters().get(1)))
        .isEqualTo(new ColumnRef("t", null, 1));
  }
}
