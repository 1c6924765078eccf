package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @StateTable} type.
 *
 * @param element the annotated type
 * @param annotation its {@code @StateTable}
 * @param tableName the SQL table name
 * @param nameExplicit whether {@code @StateTable(name)} was written (even as {@code ""})
 * @param record whether the type is a record
 * @param withoutRowId whether the table is {@code WITHOUT ROWID}
 * @param strict whether the table is {@code STRICT}
 * @param columns the persisted columns in declaration order
 * @param indexes the declared indexes
 * @param retry the type's {@code @DbRetry}, or null
 * @param construction how rows become entities
 * @param transientComponents record components marked {@code @Transient} (an error)
 * @param unpersistedAnnotated static or transient fields of a class that carry a Flujo column
 *     annotation, which would have no effect (an error)
 */
public record TableModel(
    TypeElement element,
    AnnotationMirror annotation,
    String tableName,
    boolean nameExplicit,
    boolean record,
    boolean withoutRowId,
    boolean strict,
    List<ColumnModel> columns,
    List<IndexModel> indexes,
    RetryModel retry,
    Construction construction,
    List<Element> transientComponents,
    List<Element> unpersistedAnnotated) {

  /** The key columns in key order. */
  public List<ColumnModel> keyColumns() {
    List<ColumnModel> key = new ArrayList<>();
    for (ColumnModel c : columns) {
      if (c.isKey()) {
        key.add(c);
      }
    }
    key.sort(Comparator.comparingInt(ColumnModel::keyPosition));
    return key;
  }

  /** The columns that are not part of the key. */
  public List<ColumnModel> nonKeyColumns() {
    List<ColumnModel> rest = new ArrayList<>();
    for (ColumnModel c : columns) {
      if (!c.isKey()) {
        rest.add(c);
      }
    }
    return rest;
  }

  /** The first {@code @Version} column, or null. */
  public ColumnModel versionColumn() {
    for (ColumnModel c : columns) {
      if (c.isVersion()) {
        return c;
      }
    }
    return null;
  }

  /** The column with this SQL name (case-insensitive), or null. */
  public ColumnModel column(String name) {
    for (ColumnModel c : columns) {
      if (c.columnName().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return null;
  }
}
