package dev.flujo.runtime.internal.schema;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.internal.schema.Ddl.ColumnDdl;
import dev.flujo.runtime.internal.schema.Ddl.Kind;
import dev.flujo.runtime.internal.schema.Ddl.TableDdl;
import dev.flujo.runtime.internal.schema.Ddl.Token;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlTest {
  private static List<String> clauses(ColumnDdl column) {
    List<String> texts = new ArrayList<>();
    for (Ddl.Clause c : column.clauses()) {
      texts.add(c.keyword() + ":" + c.text());
    }
    return texts;
  }

  @Test
  void tokenizerKnowsQuotesCommentsAndLiterals() {
    List<Token> tokens =
        Ddl.tokenize(
            "\"a\"\"b\" [c d] `e` 'it''s' x'0A' -1.5e3 /* skip */ f -- to end\n <> ->> ?1");
    List<String> seen = new ArrayList<>();
    for (Token t : tokens) {
      seen.add(t.kind() + ":" + t.text());
    }
    assertThat(seen)
        .containsExactly(
            "IDENTIFIER:a\"b",
            "IDENTIFIER:c d",
            "IDENTIFIER:e",
            "STRING:'it''s'",
            "BLOB:x'0A'",
            "PUNCT:-",
            "NUMBER:1.5e3",
            "WORD:f",
            "PUNCT:<>",
            "PUNCT:->>",
            "VARIABLE:?1")
        .inOrder();
    assertThat(tokens.get(0).kind()).isEqualTo(Kind.IDENTIFIER);
  }

  @Test
  void normalizeIgnoresLayoutQuotingAndCaseButNotStringContent() {
    assertThat(Ddl.normalize("\"status\" IN ('A',\n 'B')"))
        .isEqualTo(Ddl.normalize("status in ( 'A' , 'B' )"));
    assertThat(Ddl.normalize("'a'")).isNotEqualTo(Ddl.normalize("'A'"));
  }

  @Test
  void createTableSplitsIntoColumnsClausesConstraintsAndOptions() {
    TableDdl ddl =
        Ddl.parseCreateTable(
            "CREATE TABLE IF NOT EXISTS \"t\" (\n"
                + "  \"id\" TEXT NOT NULL,\n"
                + "  n INTEGER DEFAULT -1 CHECK (n > (0)) COLLATE nocase,\n"
                + "  p TEXT REFERENCES parent (id) ON DELETE SET NULL NOT DEFERRABLE,\n"
                + "  g INTEGER GENERATED ALWAYS AS (n * 2) STORED,\n"
                + "  v VARCHAR(10, 2) CONSTRAINT ck CHECK (length(v) < 3) UNIQUE,\n"
                + "  PRIMARY KEY (\"id\"),\n"
                + "  UNIQUE (n, p)\n"
                + ") WITHOUT ROWID, STRICT");
    assertThat(ddl.columns()).hasSize(5);
    assertThat(ddl.column("ID").type()).isEqualTo("TEXT");
    assertThat(clauses(ddl.column("id"))).containsExactly("NOT:NOT NULL");
    assertThat(clauses(ddl.column("n")))
        .containsExactly("DEFAULT:DEFAULT -1", "CHECK:CHECK (n > (0))", "COLLATE:COLLATE nocase")
        .inOrder();
    assertThat(clauses(ddl.column("p")))
        .containsExactly("REFERENCES:REFERENCES parent (id) ON DELETE SET NULL NOT DEFERRABLE");
    assertThat(clauses(ddl.column("g")))
        .containsExactly("GENERATED:GENERATED ALWAYS AS (n * 2) STORED");
    assertThat(ddl.column("v").type()).isEqualTo("VARCHAR(10, 2)");
    assertThat(clauses(ddl.column("v")))
        .containsExactly("CONSTRAINT:CONSTRAINT ck", "CHECK:CHECK (length(v) < 3)", "UNIQUE:UNIQUE")
        .inOrder();
    assertThat(ddl.constraints())
        .containsExactly("PRIMARY KEY (\"id\")", "UNIQUE (n, p)")
        .inOrder();
    assertThat(ddl.options()).isEqualTo("WITHOUT ROWID, STRICT");
    assertThat(Ddl.keys(ddl.column("n").clauses("CHECK").get(0).checkExpression()))
        .isEqualTo("N > ( 0 )");
  }

  @Test
  void columnAddedByAlterTableIsFoundOnTheLineSqliteAppendsItTo() {
    TableDdl ddl =
        Ddl.parseCreateTable(
            "CREATE TABLE \"t\" (\n  \"id\" TEXT NOT NULL, \"z\" TEXT CHECK (\"z\" IN ('x')),\n"
                + "  PRIMARY KEY (\"id\")\n)");
    assertThat(ddl.column("z").text()).isEqualTo("\"z\" TEXT CHECK (\"z\" IN ('x'))");
  }

  @Test
  void renameReplacesEverythingBeforeTheColumnList() {
    assertThat(
            Ddl.renameCreateTable(
                "CREATE TABLE IF NOT EXISTS \"job\" (\n  \"id\" TEXT\n) STRICT", "new\"job"))
        .isEqualTo("CREATE TABLE \"new\"\"job\" (\n  \"id\" TEXT\n) STRICT");
  }

  @Test
  void statementWithoutColumnListIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> Ddl.parseCreateTable("CREATE TABLE t AS SELECT 1"));
  }

  @Test
  void inListReadsLiteralsOfTheNamedColumnOnly() {
    assertThat(SchemaDiff.inList("s", Ddl.tokenize("\"s\" IN ('A', 'B''C', -1, 2.5)")))
        .containsExactly("'A'", "'B''C'", "-1", "2.5")
        .inOrder();
    assertThat(SchemaDiff.inList("s", Ddl.tokenize("\"t\" IN ('A')"))).isNull();
    assertThat(SchemaDiff.inList("s", Ddl.tokenize("s IN ('A',)"))).isNull();
    assertThat(SchemaDiff.inList("s", Ddl.tokenize("s IN ('A') OR s IS NULL"))).isNull();
    assertThat(SchemaDiff.inList("s", Ddl.tokenize("s IN (upper('a'))"))).isNull();
  }
}
