package dev.flujo.processor;

import static dev.flujo.processor.FlujoCompiler.assertOnlyErrorAt;
import static dev.flujo.processor.FlujoCompiler.compile;
import static dev.flujo.processor.FlujoCompiler.source;

import dev.flujo.processor.validation.Errors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Index}: columns that exist, at least one, each once; errors on the column at fault. */
class IndexValidationTest {
  private static String unknown(String column, String suggestion, String columns) {
    return String.format(
        Errors.INDEX_UNKNOWN_COLUMN,
        column,
        columns,
        suggestion == null ? "" : String.format(Errors.DID_YOU_MEAN, suggestion));
  }

  @Test
  void misspelledColumnSuggestsTheNearestName() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = \"staus\")",
            "record Job(@Id String id, String status, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        unknown("staus", "status", "id, status, label"),
        src,
        "@Index",
        "\"staus\"");
  }

  @Test
  void javaNameInsteadOfColumnNameSuggestsTheColumnName() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = \"pipelineId\")",
            "record Job(@Id String id, String pipelineId) {}");
    assertOnlyErrorAt(
        compile(src),
        unknown("pipelineId", "pipeline_id", "id, pipeline_id"),
        src,
        "@Index",
        "\"pipelineId\"");
  }

  @Test
  void unrelatedColumnNameSuggestsNothing() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = \"priority\")",
            "record Job(@Id String id, String status) {}");
    assertOnlyErrorAt(
        compile(src), unknown("priority", null, "id, status"), src, "@Index", "\"priority\"");
  }

  @Test
  void unknownSecondColumnIsReportedOnThatColumn() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = {\"status\", \"colour\"})",
            "record Job(@Id String id, String status, String color) {}");
    assertOnlyErrorAt(
        compile(src),
        unknown("colour", "color", "id, status, color"),
        src,
        "@Index",
        "\"colour\"");
  }

  @Test
  void unknownColumnInSecondOfRepeatedIndexesIsReportedThere() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = \"status\")",
            "@Index(columns = {\"status\", \"labl\"}, unique = true)",
            "record Job(@Id String id, String status, String label) {}");
    assertOnlyErrorAt(
        compile(src),
        unknown("labl", "label", "id, status, label"),
        src,
        "unique = true",
        "\"labl\"");
  }

  @Test
  void indexWithoutColumnsIsAnError() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = {})",
            "record Job(@Id String id, String status) {}");
    assertOnlyErrorAt(compile(src), Errors.INDEX_EMPTY, src, "@Index", "{}");
  }

  @Test
  void columnListedTwiceIsAnErrorOnTheRepeat() {
    JavaFileObject src =
        source(
            "Job",
            "@StateTable",
            "@Index(columns = {\"status\", \"STATUS\"})",
            "record Job(@Id String id, String status) {}");
    assertOnlyErrorAt(
        compile(src),
        String.format(Errors.INDEX_REPEATED_COLUMN, "STATUS"),
        src,
        "@Index",
        "\"STATUS\"");
  }
}
