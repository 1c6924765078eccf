package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertOnlyError;
import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Primary keys: present, not floating-point, not nullable, not a blob, not a timestamp. */
class KeyValidationTest {
  @Test
  void recordWithoutIdIsAnError() {
    JavaFileObject src = source("Note", "@StateTable", "record Note(String text) {}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_NO_ID, "test.Note"), src, "@StateTable");
  }

  @Test
  void classWithoutIdIsAnError() {
    JavaFileObject src =
        source("Note", "@StateTable", "class Note {", "  String text;", "}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_NO_ID, "test.Note"), src, "@StateTable");
  }

  @Test
  void rowidTableStillNeedsAnId() {
    JavaFileObject src =
        source("Note", "@StateTable(withoutRowId = false)", "record Note(String text) {}");
    assertOnlyError(
        compile(src), String.format(Errors.TABLE_NO_ID, "test.Note"), src, "@StateTable");
  }

  @Test
  void doubleIdIsAnError() {
    JavaFileObject src =
        source("Score", "@StateTable", "record Score(", "    @Id double value) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ID_FLOATING, "value", "double"),
        src,
        "double value",
        "@Id");
  }

  @Test
  void boxedFloatIdIsAnError() {
    JavaFileObject src =
        source("Score", "@StateTable", "record Score(", "    @Id Float value) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ID_FLOATING, "value", "java.lang.Float"),
        src,
        "Float value",
        "@Id");
  }

  @Test
  void nullableIdIsAnErrorOnTheNullable() {
    JavaFileObject src =
        source("Item", "@StateTable", "record Item(", "    @Id @Nullable String id) {}");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.ID_NULLABLE, "id"), src, "String id", "@Nullable");
  }

  @Test
  void byteArrayIdIsAnError() {
    JavaFileObject src =
        source("Blob", "@StateTable", "record Blob(", "    @Id byte[] hash) {}");
    assertOnlyErrorAt(
        compile(src), String.format(Errors.ID_BLOB, "hash"), src, "byte[] hash", "@Id");
  }

  @Test
  void createdAtOnIdIsAnError() {
    JavaFileObject src =
        source("Event", "@StateTable", "record Event(", "    @Id @CreatedAt Instant at) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ID_TIMESTAMP, "CreatedAt", "at"),
        src,
        "Instant at",
        "@CreatedAt");
  }

  @Test
  void updatedAtOnIdIsAnError() {
    JavaFileObject src =
        source(
            "Event",
            "@StateTable",
            "record Event(",
            "    @Id String id,",
            "    @Id @UpdatedAt Instant at) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.ID_TIMESTAMP, "UpdatedAt", "at"),
        src,
        "Instant at",
        "@UpdatedAt");
  }
}
