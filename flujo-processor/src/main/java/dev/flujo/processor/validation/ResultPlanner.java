package dev.flujo.processor.validation;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.ConverterModel;
import dev.flujo.processor.model.QueryInterface;
import dev.flujo.processor.model.QueryMethod;
import dev.flujo.processor.model.QueryPlan;
import dev.flujo.processor.model.QueryProjection;
import dev.flujo.processor.model.QueryReturn;
import dev.flujo.processor.model.QueryReturn.RowKind;
import dev.flujo.processor.model.QueryReturn.Shape;
import dev.flujo.processor.model.SqlType;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.ValueType;
import dev.flujo.processor.sql.QuerySchema.Analysis;
import dev.flujo.processor.sql.QuerySchema.ResultColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Builds the part of a {@link QueryPlan} that codegen reads rows with: for the method's return type
 * (entity, record projection, scalar, converted value) which result column each value comes from
 * and how it is converted, checking that the columns exist and their declared types fit. The
 * statement checks themselves are {@link QueryValidator}'s.
 */
final class ResultPlanner {
  private final Types types;
  private final QueryInterface model;
  private final QueryMethod method;
  private final Function<String, TableModel> tableByName;
  private final ValidationReport report;
  private final ExecutableElement element;
  private boolean failed;

  ResultPlanner(
      Types types,
      QueryInterface model,
      QueryMethod method,
      Function<String, TableModel> tableByName,
      ValidationReport report) {
    this.types = types;
    this.model = model;
    this.method = method;
    this.tableByName = tableByName;
    this.report = report;
    this.element = method.element();
  }

  /** Whether an error was reported. */
  boolean failed() {
    return failed;
  }

  private void error(String text) {
    report.error(text, element);
    failed = true;
  }

  /** How a row of the statement is read into the method's row type; null after reporting why not. */
  QueryPlan.Row row(Analysis analysis) {
    QueryReturn returns = method.returns();
    Shape shape = returns.shape();
    if (analysis.write()) {
      if (shape.readsRows()) {
        error(String.format(Errors.QUERY_WRITE_RETURNS_ROWS, returns.type()));
      }
      return null;
    }
    List<ResultColumn> columns = analysis.columns();
    switch (shape) {
      case VOID:
        error(Errors.QUERY_READ_RETURNS_VOID);
        return null;
      case INT:
        return scalar(columns, ValueType.INT, returns.type());
      case LONG:
        return scalar(columns, ValueType.LONG, returns.type());
      case BOOLEAN:
        return scalar(columns, ValueType.BOOLEAN, returns.type());
      default:
        break;
    }
    switch (returns.rowKind()) {
      case SCALAR:
        return scalar(columns, returns.scalar(), returns.rowType());
      case ENTITY:
        return entity(columns, returns.entity(), returns.rowType());
      case PROJECTION:
        QueryPlan.Row single = converted(columns, returns.rowType());
        return single != null
            ? single
            : projection(columns, returns.projection(), returns.rowType());
      default:
        QueryPlan.Row row = converted(columns, returns.rowType());
        if (row == null) {
          error(String.format(Errors.QUERY_RETURN_TYPE, returns.type(), ValueType.supportedList()));
        }
        return row;
    }
  }

  private QueryPlan.Row scalar(List<ResultColumn> columns, ValueType type, TypeMirror javaType) {
    if (columns.size() != 1) {
      error(String.format(Errors.QUERY_SCALAR_COLUMNS, method.returns().type(), columns.size(), labels(columns)));
      return null;
    }
    ResultColumn column = columns.get(0);
    checkType("return type", method.name(), javaType, type, column);
    return new QueryPlan.Row(
        RowKind.SCALAR,
        javaType,
        null,
        null,
        List.of(
            new QueryPlan.Field(
                1,
                tableOf(column),
                column.label(),
                type,
                javaType,
                null,
                javaType.getKind().isPrimitive(),
                null)));
  }

  /**
   * A row of one column read through the converter of the entity column it comes from, when that
   * converter converts {@code javaType}; else null.
   */
  private QueryPlan.Row converted(List<ResultColumn> columns, TypeMirror javaType) {
    if (columns.size() != 1) {
      return null;
    }
    ResultColumn column = columns.get(0);
    ColumnModel origin = origin(column);
    ConverterModel converter = origin == null ? null : origin.converter();
    if (converter == null
        || converter.javaType() == null
        || converter.storage() == null
        || !types.isSameType(types.erasure(converter.javaType()), types.erasure(javaType))) {
      return null;
    }
    return new QueryPlan.Row(
        RowKind.SCALAR,
        javaType,
        null,
        null,
        List.of(
            new QueryPlan.Field(
                1, column.table(), column.label(), converter.storage(), javaType, converter,
                false, null)));
  }

  private QueryPlan.Row entity(List<ResultColumn> columns, TableModel table, TypeMirror type) {
    List<QueryPlan.Field> fields = new ArrayList<>();
    Set<Integer> read = new HashSet<>();
    for (ColumnModel column : table.columns()) {
      int index = find(columns, column.columnName(), "entity column", column.javaName());
      if (index < 0) {
        continue;
      }
      read.add(index);
      ResultColumn result = columns.get(index - 1);
      checkType("entity column", column.javaName(), column.type(), column.valueType(), result);
      fields.add(
          new QueryPlan.Field(
              index,
              table.tableName(),
              column.columnName(),
              column.valueType(),
              column.type(),
              column.converter(),
              column.notNull(),
              column));
    }
    warnUnused(columns, read, type);
    return new QueryPlan.Row(RowKind.ENTITY, type, table, null, fields);
  }

  private QueryPlan.Row projection(
      List<ResultColumn> columns, QueryProjection projection, TypeMirror type) {
    List<QueryPlan.Field> fields = new ArrayList<>();
    Set<Integer> read = new HashSet<>();
    for (QueryProjection.Component component : projection.components()) {
      int index = find(columns, component.columnName(), "record component", component.javaName());
      if (index < 0) {
        continue;
      }
      read.add(index);
      ResultColumn result = columns.get(index - 1);
      ConverterModel converter = component.converter();
      ValueType valueType = component.valueType();
      if (converter != null) {
        if (converter.javaType() == null
            || converter.storage() == null
            || !types.isSameType(
                types.erasure(converter.javaType()), types.erasure(component.type()))) {
          error(componentTypeError(component, projection));
          continue;
        }
      } else if (valueType == null) {
        ColumnModel origin = origin(result);
        ConverterModel inferred = origin == null ? null : origin.converter();
        if (inferred != null
            && inferred.javaType() != null
            && inferred.storage() != null
            && types.isSameType(types.erasure(inferred.javaType()), types.erasure(component.type()))) {
          converter = inferred;
          valueType = inferred.storage();
        } else {
          error(componentTypeError(component, projection));
          continue;
        }
      }
      if (converter != null) {
        valueType = converter.storage();
      }
      checkType("record component", component.javaName(), component.type(), valueType, result);
      fields.add(
          new QueryPlan.Field(
              index,
              tableOf(result),
              result.label(),
              valueType,
              component.type(),
              converter,
              component.primitive(),
              null));
    }
    warnUnused(columns, read, type);
    return new QueryPlan.Row(RowKind.PROJECTION, type, null, projection, fields);
  }

  private String componentTypeError(QueryProjection.Component component, QueryProjection projection) {
    return String.format(
        Errors.QUERY_COMPONENT_TYPE,
        component.javaName(),
        projection.element().getQualifiedName(),
        component.type(),
        ValueType.supportedList());
  }

  /** The 1-based index of the result column with this label, or -1 after reporting why not. */
  private int find(List<ResultColumn> columns, String label, String what, String javaName) {
    int found = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label().equalsIgnoreCase(label)) {
        if (found > 0) {
          error(String.format(Errors.QUERY_DUPLICATE_COLUMN, label));
          return -1;
        }
        found = i + 1;
      }
    }
    if (found < 0) {
      error(String.format(Errors.QUERY_MISSING_COLUMN, what, javaName, label, labels(columns)));
    }
    return found;
  }

  private void warnUnused(List<ResultColumn> columns, Set<Integer> read, TypeMirror type) {
    for (int i = 0; i < columns.size(); i++) {
      if (!read.contains(i + 1)) {
        report.warning(String.format(Errors.QUERY_UNUSED_COLUMN, columns.get(i).label(), type), element);
      }
    }
  }

  private void checkType(
      String what, String name, TypeMirror javaType, ValueType type, ResultColumn column) {
    if (type == null || compatible(type, column.declaredType())) {
      return;
    }
    error(
        String.format(
            Errors.QUERY_COLUMN_TYPE, what, name, javaType, column.label(), column.declaredType()));
  }

  /** The entity column a result column reads unchanged: same table, same name, same type. */
  private ColumnModel origin(ResultColumn column) {
    if (column.table() == null) {
      return null;
    }
    TableModel table = tableByName.apply(column.table());
    ColumnModel origin = table == null ? null : table.column(column.label());
    if (origin == null
        || origin.sqlType() == null
        || !origin.sqlType().name().equals(column.declaredType())) {
      return null;
    }
    return origin;
  }

  private String tableOf(ResultColumn column) {
    if (column.table() != null) {
      return column.table();
    }
    return model.table() != null ? model.table().tableName() : null;
  }

  /** Whether a value stored as {@code type} can be read from a column declared {@code declared}. */
  static boolean compatible(ValueType type, String declared) {
    if (declared == null) {
      return true;
    }
    SqlType stored = type.sqlType();
    switch (declared) {
      case "INTEGER":
      case "INT":
        return stored == SqlType.INTEGER || type == ValueType.DOUBLE || type == ValueType.FLOAT;
      case "REAL":
        return stored == SqlType.REAL;
      case "TEXT":
        return stored == SqlType.TEXT;
      case "BLOB":
        return stored == SqlType.BLOB;
      default:
        return true;
    }
  }

  private static List<String> labels(List<ResultColumn> columns) {
    List<String> out = new ArrayList<>();
    for (ResultColumn c : columns) {
      out.add(c.label());
    }
    return out;
  }
}
