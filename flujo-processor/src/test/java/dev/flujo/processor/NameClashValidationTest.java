package dev.flujo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.FlujoCompiler.assertErrorAt;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Names that collide, case-insensitively: columns of a table, tables, indexes. */
class NameClashValidationTest {
  @Test
  void snakeCaseMappingThatCollidesWithAnotherComponentIsAnError() {
    JavaFileObject src =
        source(
            "Account",
            "@StateTable",
            "record Account(",
            "    @Id String id,",
            "    String userId,",
            "    String user_id) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.COLUMN_DUPLICATE, "user_id", "user_id", "user_id", "userId"),
        src,
        "String user_id",
        "user_id");
  }

  @Test
  void componentsDifferingOnlyInCaseCollide() {
    JavaFileObject src =
        source(
            "Link",
            "@StateTable",
            "record Link(",
            "    @Id String id,",
            "    String URL,",
            "    String url) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.COLUMN_DUPLICATE, "url", "url", "url", "URL"),
        src,
        "String url)",
        "url");
  }

  @Test
  void explicitColumnNameCollidingCaseInsensitivelyIsReportedOnItsValue() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    String label,",
            "    @Column(name = \"LABEL\") String caption) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.COLUMN_DUPLICATE, "LABEL", "caption", "label", "label"),
        src,
        "String caption",
        "\"LABEL\"");
  }

  @Test
  void twoTypesWithOneTableNameAreBothReported() {
    JavaFileObject task = source("Task", "@StateTable", "record Task(@Id String id) {}");
    JavaFileObject job =
        source("Job", "@StateTable(name = \"TASK\")", "record Job(@Id String id) {}");
    Compilation compilation = compile(task, job);
    assertErrorAt(
        compilation,
        String.format(
            Errors.TABLE_DUPLICATE_NAME, "task", String.format(Errors.OWNER_TABLE, "test.Job")),
        task,
        "@StateTable",
        "@StateTable");
    assertErrorAt(
        compilation,
        String.format(
            Errors.TABLE_DUPLICATE_NAME, "TASK", String.format(Errors.OWNER_TABLE, "test.Task")),
        job,
        "@StateTable",
        "\"TASK\"");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void indexesOfTwoTablesWithOneNameAreBothReported() {
    JavaFileObject item =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"by_label\")",
            "record Item(@Id String id, String label) {}");
    JavaFileObject tag =
        source(
            "Tag",
            "@StateTable",
            "@Index(columns = \"label\", name = \"BY_LABEL\")",
            "record Tag(@Id String id, String label) {}");
    Compilation compilation = compile(item, tag);
    assertErrorAt(
        compilation,
        String.format(
            Errors.INDEX_DUPLICATE_NAME, "by_label", String.format(Errors.OWNER_INDEX, "test.Tag")),
        item,
        "@Index",
        "\"by_label\"");
    assertErrorAt(
        compilation,
        String.format(
            Errors.INDEX_DUPLICATE_NAME, "BY_LABEL", String.format(Errors.OWNER_INDEX, "test.Item")),
        tag,
        "@Index",
        "\"BY_LABEL\"");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void indexNamedLikeATableIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"Item\")",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.INDEX_DUPLICATE_NAME, "Item", String.format(Errors.OWNER_TABLE, "test.Item")),
        src,
        "@Index",
        "\"Item\"");
  }

  @Test
  void twoIndexesOfOneTableWithOneNameAreReportedOnTheSecond() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\", name = \"ix\")",
            "@Index(columns = \"size\", name = \"ix\")",
            "record Item(@Id String id, String label, int size) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.INDEX_DUPLICATE_NAME, "ix", String.format(Errors.OWNER_INDEX, "test.Item")),
        src,
        "\"size\"",
        "\"ix\"");
  }

  @Test
  void twoUnnamedIndexesOnTheSameColumnsCollideOnTheirDefaultName() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "@Index(columns = \"label\")",
            "@Index(columns = \"label\", unique = true)",
            "record Item(@Id String id, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(
            Errors.INDEX_DUPLICATE_NAME,
            "idx_item_label",
            String.format(Errors.OWNER_INDEX, "test.Item")),
        src,
        "unique = true",
        "\"label\"");
  }
}
