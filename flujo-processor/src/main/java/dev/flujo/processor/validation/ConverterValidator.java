package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.ConverterModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.ValueType;
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

/** Checks a column's {@code @Convert}: the converter class, its type arguments, access and constructor. */
final class ConverterValidator {
  private final Elements elements;
  private final Types types;

  ConverterValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Checks a column's {@code @Convert}; returns whether its type is usable. */
  boolean validate(TableModel table, ColumnModel column, ValidationReport report) {
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
}
