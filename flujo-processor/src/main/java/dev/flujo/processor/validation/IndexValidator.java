package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** Checks the {@code @Index} annotations of a table: columns, names, repeats. */
final class IndexValidator {
  private IndexValidator() {}

  /** Checks every {@code @Index} of the table. */
  static void validate(TableModel table, ValidationReport report) {
    Element type = table.element();
    Map<String, IndexModel> names = new HashMap<>();
    for (IndexModel index : table.indexes()) {
      AnnotationMirror mirror = index.annotation();
      AnnotationValue columnsValue = Annotations.explicitValueOrNull(mirror, "columns");
      List<AnnotationValue> columnValues = elementsOf(columnsValue);
      AnnotationValue nameValue = index.nameExplicit() ? Annotations.explicitValue(mirror, "name") : null;
      if (index.columns().isEmpty()) {
        report.error(Errors.INDEX_EMPTY, type, mirror, columnsValue);
        continue;
      }
      TableValidator.checkName(
          "index",
          index.name(),
          Errors.RENAME_INDEX,
          type,
          mirror,
          nameValue != null ? nameValue : columnsValue,
          report);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < index.columns().size(); i++) {
        String column = index.columns().get(i);
        AnnotationValue at = i < columnValues.size() ? columnValues.get(i) : columnsValue;
        if (!seen.add(column.toLowerCase(Locale.ROOT))) {
          report.error(String.format(Errors.INDEX_REPEATED_COLUMN, column), type, mirror, at);
        } else if (table.column(column) == null) {
          String suggestion = nearest(column, table);
          report.error(
              String.format(
                  Errors.INDEX_UNKNOWN_COLUMN,
                  column,
                  columnNames(table),
                  suggestion == null ? "" : String.format(Errors.DID_YOU_MEAN, suggestion)),
              type,
              mirror,
              at);
        }
      }
      IndexModel other = names.putIfAbsent(index.name().toLowerCase(Locale.ROOT), index);
      if (other != null) {
        report.error(
            String.format(
                Errors.INDEX_DUPLICATE_NAME,
                index.name(),
                String.format(Errors.OWNER_INDEX, table.element().getQualifiedName())),
            type,
            mirror,
            nameValue != null ? nameValue : columnsValue);
      }
    }
  }

  private static List<AnnotationValue> elementsOf(AnnotationValue arrayValue) {
    List<AnnotationValue> out = new ArrayList<>();
    if (arrayValue != null && arrayValue.getValue() instanceof List<?> list) {
      for (Object item : list) {
        out.add((AnnotationValue) item);
      }
    }
    return out;
  }

  private static String columnNames(TableModel table) {
    List<String> names = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      names.add(c.columnName());
    }
    return String.join(", ", names);
  }

  /**
   * The column a mistyped name most likely meant: the column whose Java name it is, else the
   * column within a small edit distance (at most 2, or a third of the name), else null.
   */
  static String nearest(String name, TableModel table) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (ColumnModel c : table.columns()) {
      if (c.javaName().toLowerCase(Locale.ROOT).equals(wanted)
          || c.columnName().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted.replace("_", ""))) {
        return c.columnName();
      }
    }
    List<String> names = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      names.add(c.columnName());
    }
    return Suggestions.closest(name, names);
  }
}
