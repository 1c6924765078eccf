package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Construction;
import dev.flujo.processor.model.ConverterModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.RetryModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.Timestamp;
import dev.flujo.processor.model.ValueType;
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
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/** Checks one {@link TableModel} against every rule of a state table. */
public final class TableValidator {
  private final Types types;

  /** Creates a validator. */
  public TableValidator(Types types) {
    this.types = types;
  }

  /** Checks that the annotated element can be a table at all, before it is read. */
  public static boolean checkShape(TypeElement type, ValidationReport report) {
    String name = type.getQualifiedName().toString();
    ElementKind kind = type.getKind();
    if (kind != ElementKind.RECORD && kind != ElementKind.CLASS) {
      report.error(
          String.format(Errors.TABLE_KIND, describeKind(kind)),
          type,
          Annotations.find(type, Annotations.STATE_TABLE));
      return false;
    }
    boolean ok = true;
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      report.error(String.format(Errors.TABLE_LOCAL, type.getSimpleName()), type);
      return false;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(String.format(Errors.TABLE_ABSTRACT, name), type);
      ok = false;
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(String.format(Errors.TABLE_GENERIC, name), type);
      ok = false;
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)
        && kind == ElementKind.CLASS) {
      report.error(String.format(Errors.TABLE_INNER, name), type);
      ok = false;
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(String.format(Errors.TABLE_PRIVATE, name), type);
        ok = false;
        break;
      }
    }
    return ok;
  }

  /** Checks a table read from a well-shaped type. */
  public void validate(TableModel table, ValidationReport report) {
    TypeElement type = table.element();
    checkName(
        "table",
        table.tableName(),
        Errors.RENAME_TABLE,
        type,
        table.annotation(),
        table.nameExplicit() ? Annotations.explicitValue(table.annotation(), "name") : null,
        report);

    for (Element component : table.transientComponents()) {
      report.error(
          String.format(Errors.TRANSIENT_ON_RECORD, component.getSimpleName()),
          component,
          Annotations.find(component, Annotations.TRANSIENT));
    }
    if (table.columns().isEmpty()) {
      report.error(String.format(Errors.TABLE_NO_COLUMNS, type.getQualifiedName()), type);
      return;
    }
    if (table.keyColumns().isEmpty()) {
      report.error(
          String.format(Errors.TABLE_NO_ID, type.getQualifiedName()), type, table.annotation());
    }
    Map<String, ColumnModel> byName = new HashMap<>();
    for (ColumnModel column : table.columns()) {
      validateColumn(table, column, report);
      ColumnModel other = byName.putIfAbsent(column.columnName().toLowerCase(Locale.ROOT), column);
      if (other != null) {
        report.error(
            String.format(
                Errors.COLUMN_DUPLICATE,
                column.columnName(),
                column.javaName(),
                other.columnName(),
                other.javaName()),
            column.element(),
            column.columnAnnotation(),
            Annotations.explicitValueOrNull(column.columnAnnotation(), "name"));
      }
    }
    checkTimestampsUnique(table, Timestamp.CREATED, "CreatedAt", report);
    checkTimestampsUnique(table, Timestamp.UPDATED, "UpdatedAt", report);
    checkIndexes(table, report);
    if (table.retry() != null) {
      checkRetry(table.retry(), type, report);
    }
    if (table.construction().kind() == Construction.Kind.NONE) {
      List<String> fields = new ArrayList<>();
      for (ColumnModel c : table.columns()) {
        fields.add(c.javaName());
      }
      report.error(
          String.format(
              Errors.TABLE_NO_CONSTRUCTION, type.getQualifiedName(), String.join(", ", fields)),
          type);
    }
  }

  private void validateColumn(TableModel table, ColumnModel column, ValidationReport report) {
    Element element = column.element();
    checkName(
        "column",
        column.columnName(),
        Errors.RENAME_COLUMN,
        element,
        column.columnAnnotation(),
        Annotations.explicitValueOrNull(column.columnAnnotation(), "name"),
        report);

    if (column.getter() == null) {
      String name = column.javaName();
      report.error(
          String.format(
              Errors.COLUMN_NO_GETTER,
              name,
              "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1)),
          element);
    }

    boolean typeOk = true;
    if (column.convertAnnotation() != null) {
      typeOk = checkConverter(column, report);
    } else if (column.valueType() == null) {
      typeOk = false;
      TypeMirror type = column.type();
      boolean generic =
          type.getKind() == TypeKind.DECLARED
              && !((DeclaredType) type).getTypeArguments().isEmpty();
      report.error(
          generic
              ? String.format(Errors.COLUMN_GENERIC_TYPE, type, column.javaName())
              : String.format(
                  Errors.COLUMN_UNSUPPORTED_TYPE, type, column.javaName(), ValueType.supportedList()),
          element);
    }

    if (column.primitive() && column.nullable()) {
      report.error(
          String.format(
              Errors.COLUMN_NULLABLE_PRIMITIVE,
              column.javaName(),
              column.type(),
              types.boxedClass(types.getPrimitiveType(column.type().getKind())).getSimpleName()),
          element,
          column.nullableAnnotation());
    }

    if (column.isKey()) {
      if (column.nullable()) {
        report.error(
            String.format(Errors.ID_NULLABLE, column.javaName()),
            element,
            column.nullableAnnotation());
      }
      if (column.valueType() == ValueType.DOUBLE || column.valueType() == ValueType.FLOAT) {
        report.error(
            String.format(Errors.ID_FLOATING, column.javaName(), column.type()),
            element,
            column.idAnnotation());
      }
      if (column.valueType() == ValueType.BYTES) {
        report.error(
            String.format(Errors.ID_BLOB, column.javaName()), element, column.idAnnotation());
      }
      if (column.timestamp() != Timestamp.NONE) {
        report.error(
            String.format(
                Errors.ID_TIMESTAMP,
                column.timestamp() == Timestamp.CREATED ? "CreatedAt" : "UpdatedAt",
                column.javaName()),
            element,
            column.timestampAnnotation());
      }
    }

    if (column.timestamp() != Timestamp.NONE) {
      if (Annotations.find(element, Annotations.CREATED_AT) != null
          && Annotations.find(element, Annotations.UPDATED_AT) != null) {
        report.error(
            String.format(Errors.TIMESTAMP_BOTH, column.javaName()),
            element,
            column.timestampAnnotation());
      }
      TypeMirror type = column.type();
      boolean instant =
          type.getKind() == TypeKind.DECLARED
              && ((TypeElement) ((DeclaredType) type).asElement())
                  .getQualifiedName()
                  .contentEquals("java.time.Instant");
      if (!instant || column.convertAnnotation() != null) {
        report.error(
            String.format(
                Errors.TIMESTAMP_NOT_INSTANT,
                column.timestamp() == Timestamp.CREATED ? "CreatedAt" : "UpdatedAt",
                column.javaName(),
                type),
            element,
            column.timestampAnnotation());
      }
    }

    if (column.defaultValue() != null) {
      AnnotationValue value =
          Annotations.explicitValueOrNull(column.columnAnnotation(), "defaultValue");
      if (column.isKey()) {
        report.error(
            String.format(Errors.DEFAULT_ON_KEY, column.columnName()),
            element,
            column.columnAnnotation(),
            value);
      } else if (typeOk && column.valueType() != null) {
        String problem = DefaultValues.problem(column, column.defaultValue());
        if (problem != null) {
          report.error(
              String.format(
                  Errors.DEFAULT_INVALID,
                  column.defaultValue(),
                  column.columnName(),
                  column.valueType().sqlType(),
                  problem),
              element,
              column.columnAnnotation(),
              value);
        }
      }
    }
  }

  private boolean checkConverter(ColumnModel column, ValidationReport report) {
    ConverterModel converter = column.converter();
    Element element = column.element();
    AnnotationMirror annotation = column.convertAnnotation();
    AnnotationValue value = Annotations.explicitValueOrNull(annotation, "value");
    if (converter.converter() == null) {
      report.error(
          String.format(Errors.CONVERTER_NOT_A_CONVERTER, value), element, annotation, value);
      return false;
    }
    TypeElement converterType = converter.converter();
    String name = converterType.getQualifiedName().toString();
    if (converter.javaType() == null) {
      report.error(
          String.format(Errors.CONVERTER_NOT_A_CONVERTER, name), element, annotation, value);
      return false;
    }
    boolean ok = true;
    if (converterType.getModifiers().contains(Modifier.ABSTRACT)
        || converterType.getKind() != ElementKind.CLASS) {
      report.error(String.format(Errors.CONVERTER_ABSTRACT, name), element, annotation, value);
      ok = false;
    } else {
      boolean publicType = converterType.getModifiers().contains(Modifier.PUBLIC);
      boolean nestedInner =
          converterType.getNestingKind() == NestingKind.MEMBER
              && !converterType.getModifiers().contains(Modifier.STATIC);
      if (!publicType || nestedInner) {
        report.error(
            String.format(Errors.CONVERTER_NOT_ACCESSIBLE, name), element, annotation, value);
        ok = false;
      }
      boolean noArgs = false;
      for (ExecutableElement ctor :
          ElementFilter.constructorsIn(converterType.getEnclosedElements())) {
        if (ctor.getParameters().isEmpty() && ctor.getModifiers().contains(Modifier.PUBLIC)) {
          noArgs = true;
        }
      }
      if (!noArgs) {
        report.error(
            String.format(Errors.CONVERTER_NO_CONSTRUCTOR, name), element, annotation, value);
        ok = false;
      }
    }
    TypeMirror componentType =
        column.primitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) column.type()).asType() : column.type();
    if (!types.isSameType(types.erasure(converter.javaType()), types.erasure(componentType))) {
      report.error(
          String.format(
              Errors.CONVERTER_TYPE_MISMATCH,
              name,
              converter.javaType(),
              column.javaName(),
              column.type()),
          element,
          annotation,
          value);
      ok = false;
    }
    if (converter.storage() == null) {
      report.error(
          String.format(
              Errors.CONVERTER_UNSUPPORTED_COLUMN,
              name,
              converter.columnType(),
              ValueType.supportedList()),
          element,
          annotation,
          value);
      ok = false;
    }
    return ok;
  }

  private void checkTimestampsUnique(
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

  private void checkIndexes(TableModel table, ValidationReport report) {
    Element type = table.element();
    Map<String, IndexModel> names = new HashMap<>();
    for (IndexModel index : table.indexes()) {
      AnnotationMirror mirror = index.annotation();
      AnnotationValue columnsValue = Annotations.explicitValueOrNull(mirror, "columns");
      checkName(
          "index",
          index.name(),
          Errors.RENAME_INDEX,
          type,
          mirror,
          index.nameExplicit() ? Annotations.explicitValue(mirror, "name") : columnsValue,
          report);
      if (index.columns().isEmpty()) {
        report.error(Errors.INDEX_EMPTY, type, mirror, columnsValue);
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (String column : index.columns()) {
        if (!seen.add(column.toLowerCase(Locale.ROOT))) {
          report.error(
              String.format(Errors.INDEX_REPEATED_COLUMN, column), type, mirror, columnsValue);
        } else if (table.column(column) == null) {
          String suggestion = nearest(column, table);
          report.error(
              String.format(
                  Errors.INDEX_UNKNOWN_COLUMN,
                  column,
                  suggestion == null ? "" : String.format(Errors.DID_YOU_MEAN, suggestion),
                  columnNames(table)),
              type,
              mirror,
              columnsValue);
        }
      }
      IndexModel other = names.putIfAbsent(index.name().toLowerCase(Locale.ROOT), index);
      if (other != null) {
        report.error(
            String.format(
                Errors.INDEX_DUPLICATE_NAME,
                index.name(),
                "another @Index of " + table.element().getSimpleName()),
            type,
            mirror,
            index.nameExplicit() ? Annotations.explicitValue(mirror, "name") : columnsValue);
      }
    }
  }

  /** Checks a {@code @DbRetry}'s values. */
  public static void checkRetry(RetryModel retry, Element element, ValidationReport report) {
    AnnotationMirror m = retry.annotation();
    if (retry.maxAttempts() < 1) {
      report.error(
          String.format(Errors.RETRY_MAX_ATTEMPTS, retry.maxAttempts()),
          element,
          m,
          Annotations.explicitValue(m, "maxAttempts"));
    }
    if (retry.initialDelayMillis() < 0) {
      report.error(
          String.format(Errors.RETRY_NEGATIVE_DELAY, "initialDelayMillis", retry.initialDelayMillis()),
          element,
          m,
          Annotations.explicitValue(m, "initialDelayMillis"));
    }
    if (retry.maxDelayMillis() < 0) {
      report.error(
          String.format(Errors.RETRY_NEGATIVE_DELAY, "maxDelayMillis", retry.maxDelayMillis()),
          element,
          m,
          Annotations.explicitValue(m, "maxDelayMillis"));
    } else if (retry.initialDelayMillis() >= 0 && retry.maxDelayMillis() < retry.initialDelayMillis()) {
      report.error(
          String.format(
              Errors.RETRY_MAX_BELOW_INITIAL, retry.maxDelayMillis(), retry.initialDelayMillis()),
          element,
          m,
          Annotations.explicitValue(m, "maxDelayMillis"));
    }
    if (!(retry.multiplier() >= 1.0) || Double.isInfinite(retry.multiplier())) {
      report.error(
          String.format(Errors.RETRY_MULTIPLIER, retry.multiplier()),
          element,
          m,
          Annotations.explicitValue(m, "multiplier"));
    }
    if (!(retry.jitter() >= 0.0 && retry.jitter() <= 1.0)) {
      report.error(
          String.format(Errors.RETRY_JITTER, retry.jitter()),
          element,
          m,
          Annotations.explicitValue(m, "jitter"));
    }
  }

  private static void checkName(
      String what,
      String name,
      String rename,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      ValidationReport report) {
    String problem = null;
    if (name.isEmpty()) {
      problem = String.format(Errors.NAME_EMPTY, what);
    } else if (!SqlIdentifiers.isWellFormed(name)) {
      problem = String.format(Errors.NAME_MALFORMED, what, name);
    } else if (name.length() > SqlIdentifiers.MAX_LENGTH) {
      problem =
          String.format(Errors.NAME_TOO_LONG, what, name, name.length(), SqlIdentifiers.MAX_LENGTH);
    } else if (SqlIdentifiers.isReservedPrefix(name)) {
      problem = String.format(Errors.NAME_SQLITE_PREFIX, what, name);
    } else if (SqlIdentifiers.isKeyword(name)) {
      problem = String.format(Errors.NAME_KEYWORD, what, name, rename);
    }
    if (problem != null) {
      report.error(problem, element, annotation, value);
    }
  }

  private static String columnNames(TableModel table) {
    List<String> names = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      names.add(c.columnName());
    }
    return String.join(", ", names);
  }

  private static String nearest(String name, TableModel table) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ColumnModel c : table.columns()) {
      int d = distance(name.toLowerCase(Locale.ROOT), c.columnName().toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c.columnName();
      }
      int javaD = distance(name.toLowerCase(Locale.ROOT), c.javaName().toLowerCase(Locale.ROOT));
      if (javaD == 0) {
        return c.columnName();
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String describeKind(ElementKind kind) {
    switch (kind) {
      case INTERFACE:
        return "an interface";
      case ENUM:
        return "an enum";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return kind.name().toLowerCase(Locale.ROOT);
    }
  }
}
