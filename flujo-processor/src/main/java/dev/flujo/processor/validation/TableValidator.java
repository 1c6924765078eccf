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
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@link TableModel} against every rule of a state table that can be judged from the
 * type alone. Rules across types (duplicate table and index names) are checked by {@link
 * SchemaNames}. Every problem is reported; nothing stops at the first.
 */
public final class TableValidator {
  private final Elements elements;
  private final Types types;

  /** Creates a validator over the compilation's utilities. */
  public TableValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * Checks that the annotated element can be read as a table at all. Returns false if it cannot
   * (not a class or record); problems that still leave a readable type (abstract, generic, inner,
   * private) are reported and true is returned, so its columns are checked in the same build.
   */
  public static boolean checkShape(TypeElement type, ValidationReport report) {
    String name = type.getQualifiedName().toString();
    ElementKind kind = type.getKind();
    AnnotationMirror stateTable = Annotations.find(type, Annotations.STATE_TABLE);
    if (kind != ElementKind.RECORD && kind != ElementKind.CLASS) {
      report.error(String.format(Errors.TABLE_KIND, describeKind(kind)), type, stateTable);
      return false;
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      report.error(String.format(Errors.TABLE_LOCAL, type.getSimpleName()), type, stateTable);
      return false;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(String.format(Errors.TABLE_ABSTRACT, name), type);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(String.format(Errors.TABLE_GENERIC, name), type);
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)
        && kind == ElementKind.CLASS
        && type.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
      report.error(String.format(Errors.TABLE_INNER, name), type);
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(String.format(Errors.TABLE_PRIVATE, name), type);
        break;
      }
    }
    return true;
  }

  /** Checks a table read from a type that passed {@link #checkShape}. */
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
    for (Element field : table.unpersistedAnnotated()) {
      String why =
          field.getModifiers().contains(Modifier.STATIC)
              ? "static"
              : field.getModifiers().contains(Modifier.TRANSIENT) ? "transient" : "@Transient";
      for (AnnotationMirror annotation : Annotations.columnAnnotations(field)) {
        report.error(
            String.format(
                Errors.ANNOTATION_ON_UNPERSISTED,
                annotation.getAnnotationType().asElement().getSimpleName(),
                field.getSimpleName(),
                why),
            field,
            annotation);
      }
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
      RetryValidator.validate(table.retry(), type, report);
    }
    if (table.construction().kind() == Construction.Kind.NONE) {
      checkConstruction(table, report);
    }
  }

  /** Checks a {@code @DbRetry}'s values; see {@link RetryValidator#validate}. */
  public static void checkRetry(RetryModel retry, Element element, ValidationReport report) {
    RetryValidator.validate(retry, element, report);
  }

  private void checkConstruction(TableModel table, ValidationReport report) {
    TypeElement type = table.element();
    List<String> fields = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      fields.add(c.javaName());
    }
    String all = String.join(", ", fields);
    boolean noArgs = false;
    for (ExecutableElement ctor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (ctor.getParameters().isEmpty() && !ctor.getModifiers().contains(Modifier.PRIVATE)) {
        noArgs = true;
      }
    }
    boolean reported = false;
    if (noArgs) {
      for (ColumnModel c : table.columns()) {
        if (c.setter() == null) {
          report.error(
              String.format(Errors.TABLE_NO_SETTER, c.javaName(), "set" + capitalize(c.javaName()), all),
              c.element());
          reported = true;
        }
      }
    }
    if (!reported) {
      report.error(String.format(Errors.TABLE_NO_CONSTRUCTION, type.getQualifiedName(), all), type);
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
      report.error(
          String.format(
              Errors.COLUMN_NO_GETTER, column.javaName(), "get" + capitalize(column.javaName())),
          element);
    }

    boolean typeOk = true;
    if (column.convertAnnotation() != null) {
      typeOk = checkConverter(table, column, report);
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

  private boolean checkConverter(TableModel table, ColumnModel column, ValidationReport report) {
    ConverterModel converter = column.converter();
    Element element = column.element();
    AnnotationMirror annotation = column.convertAnnotation();
    AnnotationValue value = Annotations.explicitValueOrNull(annotation, "value");
    if (elements.getTypeElement(Annotations.COLUMN_CONVERTER) == null) {
      report.error(Errors.CONVERTER_RUNTIME_MISSING, element, annotation, value);
      return false;
    }
    TypeElement converterType = converter.converter();
    if (converterType == null) {
      report.error(
          String.format(Errors.CONVERTER_NOT_A_CONVERTER, value), element, annotation, value);
      return false;
    }
    String name = converterType.getQualifiedName().toString();
    if (converter.javaType() == null) {
      boolean raw = implementsRawConverter(converterType.asType());
      report.error(
          String.format(raw ? Errors.CONVERTER_RAW : Errors.CONVERTER_NOT_A_CONVERTER, name),
          element,
          annotation,
          value);
      return false;
    }
    if (!converterType.getTypeParameters().isEmpty()) {
      report.error(String.format(Errors.CONVERTER_GENERIC, name), element, annotation, value);
      return false;
    }
    boolean ok = true;
    if (converterType.getModifiers().contains(Modifier.ABSTRACT)
        || converterType.getKind() != ElementKind.CLASS) {
      report.error(String.format(Errors.CONVERTER_ABSTRACT, name), element, annotation, value);
      ok = false;
    } else {
      if (!accessible(converterType, table.element())) {
        report.error(
            String.format(
                Errors.CONVERTER_NOT_ACCESSIBLE, name, packageOf(table.element()).getQualifiedName()),
            element,
            annotation,
            value);
        ok = false;
      }
      if (!hasUsableConstructor(converterType)) {
        report.error(
            String.format(Errors.CONVERTER_NO_CONSTRUCTOR, name), element, annotation, value);
        ok = false;
      }
    }
    TypeMirror componentType =
        column.primitive()
            ? types.boxedClass((PrimitiveType) column.type()).asType()
            : column.type();
    if (!types.isSameType(converter.javaType(), componentType)) {
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
          table.strict()
              ? String.format(
                  Errors.CONVERTER_STRICT_COLUMN,
                  name,
                  converter.columnType(),
                  table.tableName(),
                  ValueType.supportedList())
              : String.format(
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

  private boolean implementsRawConverter(TypeMirror type) {
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (supertype.getKind() != TypeKind.DECLARED) {
        continue;
      }
      DeclaredType declared = (DeclaredType) supertype;
      TypeElement element = (TypeElement) declared.asElement();
      if (element.getQualifiedName().contentEquals(Annotations.COLUMN_CONVERTER)) {
        return declared.getTypeArguments().isEmpty();
      }
      if (implementsRawConverter(supertype)) {
        return true;
      }
    }
    return false;
  }

  /** Whether generated code in the entity's package can name and instantiate the converter. */
  private static boolean accessible(TypeElement converter, TypeElement entity) {
    boolean samePackage = packageOf(converter).equals(packageOf(entity));
    for (Element e = converter; e instanceof TypeElement; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!samePackage && !modifiers.contains(Modifier.PUBLIC)) {
        return false;
      }
      if (e != converter) {
        continue;
      }
      if (((TypeElement) e).getNestingKind() == NestingKind.MEMBER
          && !modifiers.contains(Modifier.STATIC)
          && e.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
        return false;
      }
    }
    return true;
  }

  private static PackageElement packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return (PackageElement) e;
  }

  /**
   * Whether the converter has a no-argument constructor without a throws clause that the DAO may
   * call: a public one, or the default constructor (which has the class's own access, judged by
   * {@link #accessible}).
   */
  private boolean hasUsableConstructor(TypeElement converter) {
    for (ExecutableElement ctor : ElementFilter.constructorsIn(converter.getEnclosedElements())) {
      if (ctor.getParameters().isEmpty()
          && ctor.getThrownTypes().isEmpty()
          && (ctor.getModifiers().contains(Modifier.PUBLIC)
              || elements.getOrigin(ctor) == Elements.Origin.MANDATED)) {
        return true;
      }
    }
    return false;
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
      List<AnnotationValue> columnValues = elementsOf(columnsValue);
      AnnotationValue nameValue = index.nameExplicit() ? Annotations.explicitValue(mirror, "name") : null;
      if (index.columns().isEmpty()) {
        report.error(Errors.INDEX_EMPTY, type, mirror, columnsValue);
        continue;
      }
      checkName(
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

  static void checkName(
      String what,
      String name,
      String rename,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      ValidationReport report) {
    String problem = NameRules.problem(what, name, rename);
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

  private static String timestampName(ColumnModel column) {
    return column.timestamp() == Timestamp.CREATED ? "CreatedAt" : "UpdatedAt";
  }

  private static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
