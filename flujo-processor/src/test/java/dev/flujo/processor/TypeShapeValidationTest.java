package dev.flujo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flujo.processor.FlujoCompiler.assertOnlyError;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import com.google.testing.compile.JavaFileObjects;
import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What can carry {@code @StateTable}, and whether the DAO can build and read it. */
class TypeShapeValidationTest {
  @Test
  void interfaceIsAnError() {
    JavaFileObject src = source("Item", "@StateTable", "interface Item {}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_KIND, "an interface"), src, "@StateTable");
  }

  @Test
  void enumIsAnError() {
    JavaFileObject src = source("Item", "@StateTable", "enum Item { A }");
    assertOnlyError(compile(src), String.format(Errors.TABLE_KIND, "an enum"), src, "@StateTable");
  }

  @Test
  void abstractClassIsAnError() {
    JavaFileObject src =
        source("Item", "@StateTable", "abstract class Item {", "  @Id String id;", "}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_ABSTRACT, "test.Item"), src, "abstract class");
  }

  @Test
  void innerClassIsAnError() {
    JavaFileObject src =
        source(
            "Outer",
            "class Outer {",
            "  @StateTable",
            "  class Item {",
            "    @Id String id;",
            "  }",
            "}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_INNER, "test.Outer.Item"), src, "class Item");
  }

  @Test
  void privateNestedRecordIsAnError() {
    JavaFileObject src =
        source(
            "Outer",
            "class Outer {",
            "  @StateTable",
            "  private record Item(@Id String id) {}",
            "}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_PRIVATE, "test.Outer.Item"), src, "record Item");
  }

  /**
   * javac shows processors no class declared inside a method, and runs a processor only when one
   * of its annotations is present on a class it does show; so a local {@code @StateTable} is found
   * by scanning the sources whenever the compilation has any other {@code @StateTable} type.
   */
  private static final JavaFileObject OTHER_TABLE =
      source("Other", "@StateTable", "record Other(@Id String id) {}");

  @Test
  void localRecordIsAnErrorThoughProcessorsNeverSeeIt() {
    JavaFileObject src =
        source(
            "Outer",
            "class Outer {",
            "  void run() {",
            "    @StateTable record Item(@Id String id) {}",
            "  }",
            "}");
    assertOnlyErrorAt(
        compile(src, OTHER_TABLE),
        String.format(Errors.TABLE_LOCAL, "Item"),
        src,
        "record Item",
        "@StateTable");
  }

  @Test
  void localClassInLambdaWithQualifiedAnnotationIsAnError() {
    JavaFileObject src =
        source(
            "Outer",
            "class Outer {",
            "  Runnable task = () -> {",
            "    @dev.flujo.annotations.StateTable class Item { @Id String id; }",
            "  };",
            "}");
    assertOnlyErrorAt(
        compile(src, OTHER_TABLE),
        String.format(Errors.TABLE_LOCAL, "Item"),
        src,
        "class Item",
        "@dev.flujo");
  }

  @Test
  void localClassWithAnotherStateTableAnnotationIsNotFlujos() {
    JavaFileObject mine =
        JavaFileObjects.forSourceLines(
            "other.StateTable",
            "package other;",
            "public @interface StateTable {}");
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "test.Outer",
            "package test;",
            "import other.StateTable;",
            "class Outer {",
            "  void run() {",
            "    @StateTable class Item {}",
            "  }",
            "}");
    assertThat(compile(src, mine, OTHER_TABLE)).succeeded();
  }

  @Test
  void genericRecordIsAnError() {
    JavaFileObject src =
        source("Box", "@StateTable", "record Box<T>(@Id String id, T value) {}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_GENERIC, "test.Box"), src, "record Box");
  }

  @Test
  void classWithoutMatchingConstructorIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id private final String id;",
            "  private final int size;",
            "  Item(String key, int size) { this.id = key; this.size = size; }",
            "  String getId() { return id; }",
            "  int getSize() { return size; }",
            "}");
    assertOnlyError(
        compile(src),
        String.format(Errors.TABLE_NO_CONSTRUCTION, "test.Item", "id, size"),
        src,
        "class Item");
  }

  @Test
  void finalFieldWithoutSetterAfterNoArgumentConstructorIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id private String id;",
            "  private final String label = \"\";",
            "  Item() {}",
            "  String getId() { return id; }",
            "  void setId(String id) { this.id = id; }",
            "  String getLabel() { return label; }",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TABLE_NO_SETTER, "label", "setLabel", "id, label"),
        src,
        "String label",
        "label");
  }

  @Test
  void privateFieldWithoutGetterIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id String id;",
            "  private String label;",
            "  void setLabel(String label) { this.label = label; }",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.COLUMN_NO_GETTER, "label", "getLabel"),
        src,
        "private String label",
        "label");
  }

  @Test
  void recordWithoutComponentsIsAnError() {
    JavaFileObject src = source("Empty", "@StateTable", "record Empty() {}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_NO_COLUMNS, "test.Empty"), src, "record Empty");
  }

  @Test
  void classWithOnlyStaticAndTransientFieldsIsAnError() {
    JavaFileObject src =
        source(
            "Empty",
            "@StateTable",
            "class Empty {",
            "  static int instances;",
            "  transient String cache;",
            "}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_NO_COLUMNS, "test.Empty"), src, "class Empty");
  }

  @Test
  void transientRecordComponentIsAnErrorOnTheAnnotation() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    @Transient String cache) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TRANSIENT_ON_RECORD, "cache"),
        src,
        "String cache",
        "@Transient");
  }
}
