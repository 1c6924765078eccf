package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.Timestamp;
import dev.flujo.processor.model.ValueType;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** Checks one column of a table: name, access, type, key, timestamp and default value. */
final class ColumnValidator {
  private final Types types;
  private final ConverterValidator converters;

  ColumnValidator(Types types, ConverterValidator converters) {
    this.types = types;
    this.converters = converters;
  }

  /** Checks one column: its name, access, type or converter, key, timestamp and default. */
  void validate(TableModel table, ColumnModel column, ValidationReport report) {
    Element element = column.element();
    TableValidator.checkName(
        "column",
        column.columnName(),
        Errors.RENAME_COLUMN,
        element,
        column.columnAnnotation(),
        Annotations.explicitValueOrNull(column.columnAnnotation(), "name"),
        report);

    if (column.getter() == null) {
      report.error(
          String.format(
              Errors.COLUMN_NO_GETTER, column.javaName(), "get" + TableValidator.capitalize(column.javaName())),
          element);
    }

    boolean typeOk = true;
    if (column.convertAnnotation() != null) {
      typeOk = converters.validate(table, column, report);
    } else if (column.valueType() == null) {
      typeOk = false;
      TypeMirror type = column.type();
      boolean generic =
          type.getKind() == TypeKind.DECLARED
              && !((DeclaredType) type).getTypeArguments().isEmpty();
      if (type.getKind() != TypeKind.TYPEVAR) {
        report.error(
            generic
                ? String.format(Errors.COLUMN_GENERIC_TYPE, type, column.javaName())
                : String.format(
                    Errors.COLUMN_UNSUPPORTED_TYPE,
                    type,
                    column.javaName(),
                    ValueType.supportedList()),
            element);
      }
    }

    if (column.primitive() && column.nullable()) {
      report.error(
          String.format(
              Errors.COLUMN_NULLABLE_PRIMITIVE,
              column.javaName(),
              column.type(),
              types.boxedClass((PrimitiveType) column.type()).getSimpleName()),
          element,
          column.nullableAnnotation());
    }

    if (column.isKey()) {
      checkKey(column, report);
    }

    if (column.timestamp() != Timestamp.NONE) {
      checkTimestamp(column, report);
    }

    if (column.defaultValue() != null) {
      checkDefault(column, typeOk, report);
    }

    if (column.isVersion()) {
      checkVersion(column, report);
    }
  }

  private void checkVersion(ColumnModel column, ValidationReport report) {
    Element element = column.element();
    if (column.isKey()) {
      report.error(
          String.format(Errors.VERSION_ON_KEY, column.javaName()),
          element,
          column.versionAnnotation());
      return;
    }
    if (column.timestamp() != Timestamp.NONE) {
      report.error(
          String.format(Errors.VERSION_COMBINED, timestampName(column), column.javaName()),
          element,
          column.versionAnnotation());
      return;
    }
    if (column.convertAnnotation() != null) {
      report.error(
          String.format(Errors.VERSION_COMBINED, "Convert", column.javaName()),
          element,
          column.versionAnnotation());
      return;
    }
    if (column.nullable() && !column.primitive()) {
      report.error(
          String.format(Errors.VERSION_NULLABLE, column.javaName()),
          element,
          column.nullableAnnotation() != null
              ? column.nullableAnnotation()
              : column.versionAnnotation());
      return;
    }
    TypeKind kind = column.type().getKind();
    if (kind != TypeKind.LONG && kind != TypeKind.INT) {
      report.error(
          String.format(Errors.VERSION_TYPE, column.javaName(), column.type()),
          element,
          column.versionAnnotation());
    }
  }

  /** Reports every {@code @Version} column after the first. */
  static void checkVersionUnique(TableModel table, ValidationReport report) {
    ColumnModel first = null;
    for (ColumnModel column : table.columns()) {
      if (!column.isVersion()) {
        continue;
      }
      if (first == null) {
        first = column;
      } else {
        report.error(
            String.format(Errors.VERSION_TWICE, first.javaName(), column.javaName()),
            column.element(),
            column.versionAnnotation());
      }
    }
  }

  private void checkKey(ColumnModel column, ValidationReport report) {
    Element element = column.element();
    if (column.nullable()) {
      report.error(
          String.format(Errors.ID_NULLABLE, column.javaName()),
          element,
          column.nullableAnnotation() != null ? column.nullableAnnotation() : column.idAnnotation());
    }
    TypeMirror stored =
        column.converter() != null && column.converter().columnType() != null
            ? column.converter().columnType()
            : column.type();
    if (column.valueType() == ValueType.DOUBLE || column.valueType() == ValueType.FLOAT) {
      report.error(
          String.format(Errors.ID_FLOATING, column.javaName(), stored),
          element,
          column.idAnnotation());
    }
    if (column.valueType() == ValueType.BYTES) {
      report.error(
          String.format(Errors.ID_BLOB, column.javaName()), element, column.idAnnotation());
    }
    if (column.timestamp() != Timestamp.NONE) {
      report.error(
          String.format(Errors.ID_TIMESTAMP, timestampName(column), column.javaName()),
          element,
          column.timestampAnnotation());
    }
  }

  private void checkTimestamp(ColumnModel column, ValidationReport report) {
    Element element = column.element();
    if (Annotations.find(element, Annotations.CREATED_AT) != null
        && Annotations.find(element, Annotations.UPDATED_AT) != null) {
      report.error(
          String.format(Errors.TIMESTAMP_BOTH, column.javaName()),
          element,
          Annotations.find(element, Annotations.UPDATED_AT));
    }
    TypeMirror type = column.type();
    boolean instant =
        type.getKind() == TypeKind.DECLARED
            && ((TypeElement) ((DeclaredType) type).asElement())
                .getQualifiedName()
                .contentEquals("java.time.Instant");
    if (!instant) {
      report.error(
          String.format(Errors.TIMESTAMP_NOT_INSTANT, timestampName(column), column.javaName(), type),
          element,
          column.timestampAnnotation());
    } else if (column.convertAnnotation() != null) {
      report.error(
          String.format(Errors.TIMESTAMP_CONVERTED, timestampName(column), column.javaName()),
          element,
          column.convertAnnotation());
    }
  }

  private void checkDefault(ColumnModel column, boolean typeOk, ValidationReport report) {
    Element element = column.element();
    AnnotationValue value =
        Annotations.explicitValueOrNull(column.columnAnnotation(), "defaultValue");
    if (column.isKey()) {
      report.error(
          String.format(Errors.DEFAULT_ON_KEY, column.columnName()),
          element,
          column.columnAnnotation(),
          value);
      return;
    }
    if (!typeOk || column.valueType() == null) {
      return;
    }
    String problem = DefaultValues.problem(column, column.defaultValue());
    if (problem != null) {
      report.error(problem, element, column.columnAnnotation(), value);
    }
  }

  /** Reports every column after the first that carries the timestamp {@code kind}. */
  static void checkTimestampsUnique(
      TableModel table, Timestamp kind, String annotation, ValidationReport report) {
    ColumnModel first = null;
    for (ColumnModel column : table.columns()) {
      if (column.timestamp() != kind) {
        continue;
      }
      if (first == null) {
        first = column;
      } else {
        report.error(
            String.format(Errors.TIMESTAMP_TWICE, annotation, first.javaName(), column.javaName()),
            column.element(),
            column.timestampAnnotation());
      }
    }
  }

  private static String timestampName(ColumnModel column) {
    return column.timestamp() == Timestamp.CREATED ? "CreatedAt" : "UpdatedAt";
  }
}
