package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Construction;
import dev.flujo.processor.model.RetryModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@link TableModel} against every rule of a state table that can be judged from the
 * type alone: the type's shape and construction here, each column in {@link ColumnValidator} (its
 * converter in {@link ConverterValidator}), the indexes in {@link IndexValidator}. Rules across types (duplicate table and index names) are checked by {@link
 * SchemaNames}. Every problem is reported; nothing stops at the first.
 */
public final class TableValidator {
  private final ColumnValidator columns;

  /** Creates a validator over the compilation's utilities. */
  public TableValidator(Elements elements, Types types) {
    this.columns = new ColumnValidator(types, new ConverterValidator(elements, types));
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
      columns.validate(table, column, report);
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
    ColumnValidator.checkTimestampsUnique(table, Timestamp.CREATED, "CreatedAt", report);
    ColumnValidator.checkTimestampsUnique(table, Timestamp.UPDATED, "UpdatedAt", report);
    ColumnValidator.checkVersionUnique(table, report);
    IndexValidator.validate(table, report);
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

  static String capitalize(String name) {
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
