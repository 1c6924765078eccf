package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertError;
import static dev.flujo.processor.FlujoCompiler.assertOnlyError;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.sql.SqlIdentifiers;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Table, column and index names: empty, malformed, too long, {@code sqlite_}, keywords. */
class IdentifierValidationTest {
  private static final String LONG_NAME = "a".repeat(SqlIdentifiers.MAX_LENGTH + 1);

  @Test
  void explicitEmptyTableNameIsAnError() {
    JavaFileObject src = source("Item", "@StateTable(name = \"\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.NAME_EMPTY, "table"), src, "@StateTable", "\"\"");
  }

  @Test
  void explicitEmptyColumnNameIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Column(name = \"\") String label) {}");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.NAME_EMPTY, "column"), src, "String label", "\"\"");
  }

  @Test
  void explicitEmptyIndexNameIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"\")",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.NAME_EMPTY, "index"), src, "@Index", "\"\"");
  }

  @Test
  void malformedTableNameIsAnError() {
    JavaFileObject src =
        source("Item", "@StateTable(name = \"my-table\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_MALFORMED, "table", "my-table"),
        src,
        "@StateTable",
        "\"my-table\"");
  }

  @Test
  void columnNameStartingWithDigitIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Column(name = \"1st\") String first) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_MALFORMED, "column", "1st"),
        src,
        "String first",
        "\"1st\"");
  }

  @Test
  void indexNameWithSpaceIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"by label\")",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_MALFORMED, "index", "by label"),
        src,
        "@Index",
        "\"by label\"");
  }

  @Test
  void tableNameOverTheLimitIsAnError() {
    JavaFileObject src =
        source("Item", "@StateTable(name = \"" + LONG_NAME + "\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.NAME_TOO_LONG, "table", LONG_NAME, LONG_NAME.length(), SqlIdentifiers.MAX_LENGTH),
        src,
        "@StateTable",
        "\"a");
  }

  @Test
  void nameOfSixtyFourCharactersIsAnErrorBecausePostgresTruncatesIt() {
    String name = "b".repeat(64);
    JavaFileObject src =
        source("Item", "@StateTable(name = \"" + name + "\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_TOO_LONG, "table", name, 64, 63),
        src,
        "@StateTable",
        "\"b");
  }

  @Test
  void nameOfSixtyThreeCharactersIsAccepted() {
    String name = "b".repeat(63);
    JavaFileObject src =
        source("Item", "@StateTable(name = \"" + name + "\")", "record Item(@Id String id) {}");
    com.google.testing.compile.CompilationSubject.assertThat(compile(src)).succeeded();
  }

  @Test
  void columnNamedLikeAPostgresReservedWordIsAnError() {
    JavaFileObject src =
        source("Account", "@StateTable", "record Account(", "    @Id String id,", "    String user) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_POSTGRES_KEYWORD, "column", "user", Errors.RENAME_COLUMN),
        src,
        "String user",
        "user");
  }

  @Test
  void tableNamedLikeAPostgresReservedWordIsAnError() {
    JavaFileObject src =
        source("Item", "@StateTable(name = \"Only\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_POSTGRES_KEYWORD, "table", "Only", Errors.RENAME_TABLE),
        src,
        "@StateTable",
        "\"Only\"");
  }

  @Test
  void indexNamedLikeAPostgresReservedWordIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"window_x\")",
            "@Index(columns = \"id\", name = \"fetch\")",
            "record Item(@Id String id, String label) {}");
    assertError(
        compile(src),
        String.format(Errors.NAME_POSTGRES_KEYWORD, "index", "fetch", Errors.RENAME_INDEX),
        src,
        "@Index(columns = \"id\"");
  }

  @Test
  void columnNameDerivedFromLongComponentNameIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    String " + LONG_NAME + ") {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.NAME_TOO_LONG, "column", LONG_NAME, LONG_NAME.length(), SqlIdentifiers.MAX_LENGTH),
        src,
        "String " + LONG_NAME,
        LONG_NAME);
  }

  @Test
  void derivedIndexNameOverTheLimitIsReportedOnTheColumns() {
    String column = "c".repeat(60);
    String index = "idx_item_" + column;
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"" + column + "\")",
            "record Item(@Id String id, String " + column + ") {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.NAME_TOO_LONG, "index", index, index.length(), SqlIdentifiers.MAX_LENGTH),
        src,
        "@Index",
        "\"c");
  }

  @Test
  void tableNameDerivedWithSqlitePrefixIsAnError() {
    JavaFileObject src =
        source("SqliteStats", "@StateTable", "record SqliteStats(@Id String id) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.NAME_SQLITE_PREFIX, "table", "sqlite_stats"),
        src,
        "@StateTable");
  }

  @Test
  void columnNameWithSqlitePrefixIsAnErrorWhateverItsCase() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Column(name = \"SQLite_seq\") long seq) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_SQLITE_PREFIX, "column", "SQLite_seq"),
        src,
        "long seq",
        "\"SQLite_seq\"");
  }

  @Test
  void indexNameWithSqlitePrefixIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"sqlite_autoindex_item_1\")",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_SQLITE_PREFIX, "index", "sqlite_autoindex_item_1"),
        src,
        "@Index",
        "\"sqlite_");
  }

  @Test
  void tableNameDerivedFromTypeThatIsKeywordIsAnError() {
    JavaFileObject src = source("Order", "@StateTable", "record Order(@Id String id) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "table", "order", Errors.RENAME_TABLE),
        src,
        "@StateTable");
  }

  @Test
  void explicitTableNameThatIsKeywordIsAnErrorOnTheValue() {
    JavaFileObject src =
        source("Item", "@StateTable(name = \"GROUP\")", "record Item(@Id String id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "table", "GROUP", Errors.RENAME_TABLE),
        src,
        "@StateTable",
        "\"GROUP\"");
  }

  @Test
  void componentNamedAfterKeywordIsAnErrorOnItsLine() {
    JavaFileObject src =
        source(
            "Purchase",
            "@StateTable",
            "record Purchase(",
            "    @Id String id,",
            "    String order) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "column", "order", Errors.RENAME_COLUMN),
        src,
        "String order",
        "order");
  }

  @Test
  void keywordsAreRecognisedWhateverTheirCase() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Column(name = \"SeLeCt\") String choice) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "column", "SeLeCt", Errors.RENAME_COLUMN),
        src,
        "String choice",
        "\"SeLeCt\"");
  }

  @Test
  void keywordOnClassFieldIsReportedOnTheField() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id String id;",
            "  String group;",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "column", "group", Errors.RENAME_COLUMN),
        src,
        "String group",
        "group");
  }

  @Test
  void indexNameThatIsKeywordIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"index\")",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.NAME_KEYWORD, "index", "index", Errors.RENAME_INDEX),
        src,
        "@Index",
        "\"index\"");
  }
}
