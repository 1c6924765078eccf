package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertOnlyError;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.model.ValueType;
import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Column types, {@code @Nullable} and the timestamp annotations. */
class TypeValidationTest {
  private static final String SUPPORTED = ValueType.supportedList();

  @Test
  void unsupportedTypeNamesTheSupportedTypesAndConvert() {
    JavaFileObject src =
        source("Visit", "@StateTable", "record Visit(", "    @Id String id,", "    Date seen) {}");
    String message =
        String.format(Errors.COLUMN_UNSUPPORTED_TYPE, "java.util.Date", "seen", SUPPORTED);
    assertOnlyErrorAt(compile(src), message, src, "Date seen", "seen");
    org.junit.jupiter.api.Assertions.assertTrue(message.contains("@Convert"));
    org.junit.jupiter.api.Assertions.assertTrue(message.contains("BigDecimal"));
  }

  @Test
  void objectIsNotSupported() {
    JavaFileObject src =
        source("Bag", "@StateTable", "record Bag(", "    @Id String id,", "    Object payload) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.COLUMN_UNSUPPORTED_TYPE, "java.lang.Object", "payload", SUPPORTED),
        src,
        "Object payload");
  }

  @Test
  void charIsNotSupported() {
    JavaFileObject src =
        source("Grade", "@StateTable", "record Grade(", "    @Id String id,", "    char mark) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.COLUMN_UNSUPPORTED_TYPE, "char", "mark", SUPPORTED),
        src,
        "char mark");
  }

  @Test
  void arrayOtherThanBytesIsNotSupported() {
    JavaFileObject src =
        source("Post", "@StateTable", "record Post(", "    @Id String id,", "    String[] tags) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.COLUMN_UNSUPPORTED_TYPE, "java.lang.String[]", "tags", SUPPORTED),
        src,
        "String[] tags");
  }

  @Test
  void listWithoutConverterIsAnError() {
    JavaFileObject src =
        source(
            "Post", "@StateTable", "record Post(", "    @Id String id,", "    List<String> tags) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.COLUMN_GENERIC_TYPE, "java.util.List<java.lang.String>", "tags"),
        src,
        "List<String> tags");
  }

  @Test
  void mapFieldOfClassWithoutConverterIsAnError() {
    JavaFileObject src =
        source(
            "Counter",
            "@StateTable",
            "class Counter {",
            "  @Id String id;",
            "  Map<String, Integer> counts;",
            "}");
    assertOnlyError(
        compile(src),
        String.format(
            Errors.COLUMN_GENERIC_TYPE,
            "java.util.Map<java.lang.String,java.lang.Integer>",
            "counts"),
        src,
        "Map<String, Integer> counts");
  }

  @Test
  void optionalIsAGenericTypeWithoutColumnType() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "record Item(",
            "    @Id String id,",
            "    Optional<String> label) {}");
    assertOnlyError(
        compile(src),
        String.format(Errors.COLUMN_GENERIC_TYPE, "java.util.Optional<java.lang.String>", "label"),
        src,
        "Optional<String> label");
  }

  @Test
  void nullablePrimitiveIsAnErrorOnTheNullable() {
    JavaFileObject src =
        source(
            "Item", "@StateTable", "record Item(", "    @Id String id,", "    @Nullable int size) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.COLUMN_NULLABLE_PRIMITIVE, "size", "int", "Integer"),
        src,
        "int size",
        "@Nullable");
  }

  @Test
  void createdAtOnLongIsAnError() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @CreatedAt long created) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TIMESTAMP_NOT_INSTANT, "CreatedAt", "created", "long"),
        src,
        "long created",
        "@CreatedAt");
  }

  @Test
  void updatedAtOnStringFieldIsAnError() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "class Event {",
            "  @Id String id;",
            "  @UpdatedAt String updated;",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TIMESTAMP_NOT_INSTANT, "UpdatedAt", "updated", "java.lang.String"),
        src,
        "String updated",
        "@UpdatedAt");
  }

  @Test
  void twoCreatedAtAreAnErrorOnTheSecond() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @CreatedAt Instant opened,",
            "    @CreatedAt Instant second) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TIMESTAMP_TWICE, "CreatedAt", "opened", "second"),
        src,
        "Instant second",
        "@CreatedAt");
  }

  @Test
  void twoUpdatedAtAreAnErrorOnTheSecond() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @UpdatedAt Instant opened,",
            "    @UpdatedAt Instant second) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TIMESTAMP_TWICE, "UpdatedAt", "opened", "second"),
        src,
        "Instant second",
        "@UpdatedAt");
  }

  @Test
  void createdAtAndUpdatedAtOnOneComponentIsAnError() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @CreatedAt @UpdatedAt Instant at) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.TIMESTAMP_BOTH, "at"),
        src,
        "Instant at",
        "@UpdatedAt");
  }

  @Test
  void timestampWithConverterIsAnErrorOnTheConvert() {
    JavaFileObject converter =
        source(
            "InstantText",
            "public final class InstantText implements ColumnConverter<Instant, String> {",
            "  @Override public String toColumn(Instant value) { return value.toString(); }",
            "  @Override public Instant fromColumn(String value) { return Instant.parse(value); }",
            "}");
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @CreatedAt @Convert(InstantText.class) Instant at) {}");
    assertOnlyErrorAt(
        compile(src, converter),
        String.format(Errors.TIMESTAMP_CONVERTED, "CreatedAt", "at"),
        src,
        "Instant at",
        "@Convert");
  }

  @Test
  void columnAnnotationOnStaticFieldIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id String id;",
            "  @Column(name = \"legacy\") static String LEGACY = \"x\";",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ANNOTATION_ON_UNPERSISTED, "Column", "LEGACY", "static"),
        src,
        "String LEGACY",
        "@Column");
  }

  @Test
  void idOnTransientFieldIsAnError() {
    JavaFileObject src =
        source(
            "Item",
            "@StateTable",
            "class Item {",
            "  @Id String id;",
            "  @Id @Transient String cached;",
            "}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ANNOTATION_ON_UNPERSISTED, "Id", "cached", "@Transient"),
        src,
        "String cached",
        "@Id");
  }
}
