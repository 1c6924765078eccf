package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.AnnotationValue;

/**
 * Names shared by every table of a compilation. SQLite keeps tables and indexes in one namespace
 * and compares names case-insensitively, so two tables named {@code Order}/{@code order}, two
 * indexes of different tables with one name, or an index named like a table would break {@code
 * CREATE ... IF NOT EXISTS} at run time (the second silently not created, or an error).
 *
 * <p>One instance lives for a whole compilation: names of earlier rounds stay claimed. Each clash
 * is reported on the current round's side: a table clashing with a table on both tables, an index
 * clashing with anything on the index. Two indexes of one table are {@link TableValidator}'s.
 */
public final class SchemaNames {
  private record SchemaObject(TableModel table, IndexModel index) {
    String name() {
      return index == null ? table.tableName() : index.name();
    }

    String owner() {
      String type = table.element().getQualifiedName().toString();
      return index == null
          ? String.format(Errors.OWNER_TABLE, type)
          : String.format(Errors.OWNER_INDEX, type);
    }
  }

  private final Map<String, SchemaObject> earlier = new HashMap<>();

  /**
   * Checks the tables read in one round against each other and against every earlier round,
   * reporting each clash into the report of the table at fault, then claims their names.
   */
  public void check(List<TableModel> tables, Function<TableModel, ValidationReport> reports) {
    Map<String, List<SchemaObject>> byName = new LinkedHashMap<>();
    for (TableModel table : tables) {
      add(byName, new SchemaObject(table, null));
      for (IndexModel index : table.indexes()) {
        add(byName, new SchemaObject(table, index));
      }
    }
    for (Map.Entry<String, List<SchemaObject>> entry : byName.entrySet()) {
      List<SchemaObject> group = new ArrayList<>();
      SchemaObject before = earlier.get(entry.getKey());
      if (before != null) {
        group.add(before);
      }
      group.addAll(entry.getValue());
      for (SchemaObject object : entry.getValue()) {
        SchemaObject other = clashing(object, group);
        if (other != null) {
          report(object, other, reports.apply(object.table()));
        }
      }
      earlier.putIfAbsent(entry.getKey(), group.get(0));
    }
  }

  private static void add(Map<String, List<SchemaObject>> byName, SchemaObject object) {
    if (!object.name().isEmpty()) {
      byName
          .computeIfAbsent(object.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(object);
    }
  }

  /** The object {@code object} must be reported against, or null. */
  private static SchemaObject clashing(SchemaObject object, List<SchemaObject> group) {
    for (SchemaObject other : group) {
      if (other == object) {
        continue;
      }
      boolean sameType = other.table().element().equals(object.table().element());
      if (object.index() == null) {
        // A table is at fault only against another type's table.
        if (other.index() == null && !sameType) {
          return other;
        }
      } else if (other.index() == null || !sameType) {
        return other;
      }
    }
    return null;
  }

  private static void report(SchemaObject object, SchemaObject other, ValidationReport report) {
    TableModel table = object.table();
    if (object.index() == null) {
      report.error(
          String.format(Errors.TABLE_DUPLICATE_NAME, table.tableName(), other.owner()),
          table.element(),
          table.annotation(),
          table.nameExplicit() ? Annotations.explicitValue(table.annotation(), "name") : null);
    } else {
      IndexModel index = object.index();
      AnnotationValue at =
          index.nameExplicit()
              ? Annotations.explicitValue(index.annotation(), "name")
              : Annotations.explicitValue(index.annotation(), "columns");
      report.error(
          String.format(Errors.INDEX_DUPLICATE_NAME, index.name(), other.owner()),
          table.element(),
          index.annotation(),
          at);
    }
  }
}
