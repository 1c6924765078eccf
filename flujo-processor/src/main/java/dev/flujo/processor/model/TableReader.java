package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @StateTable} type into a {@link TableModel}. It records what it finds, including
 * what is wrong (an unsupported type becomes a column without a {@link ValueType}); it reports
 * nothing. Validation judges the model.
 */
public final class TableReader {
  private final Elements elements;
  private final Types types;

  /** Creates a reader over the compilation's utilities. */
  public TableReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Reads the type. */
  public TableModel read(TypeElement type) {
    AnnotationMirror stateTable = Annotations.find(type, Annotations.STATE_TABLE);
    boolean nameExplicit = Annotations.explicitValue(stateTable, "name") != null;
    String tableName =
        nameExplicit
            ? Annotations.string(elements, stateTable, "name")
            : Names.snakeCase(type.getSimpleName().toString());
    boolean record = type.getKind() == ElementKind.RECORD;

    List<ColumnModel> columns = new ArrayList<>();
    List<Element> transientComponents = new ArrayList<>();
    List<Element> unpersistedAnnotated = new ArrayList<>();
    if (record) {
      readRecordComponents(type, columns, transientComponents);
    } else if (type.getKind() == ElementKind.CLASS) {
      readClassFields(type, columns, unpersistedAnnotated);
    }
    Construction construction =
        record ? recordConstruction(columns) : classConstruction(type, columns);

    return new TableModel(
        type,
        stateTable,
        tableName,
        nameExplicit,
        record,
        Annotations.bool(elements, stateTable, "withoutRowId"),
        Annotations.bool(elements, stateTable, "strict"),
        columns,
        readIndexes(type, tableName),
        readRetry(type),
        construction,
        transientComponents,
        unpersistedAnnotated);
  }

  /** The {@code @DbRetry} on an element, or null. */
  public RetryModel readRetry(Element element) {
    AnnotationMirror mirror = Annotations.find(element, Annotations.DB_RETRY);
    if (mirror == null) {
      return null;
    }
    return new RetryModel(
        Annotations.number(elements, mirror, "maxAttempts").intValue(),
        Annotations.number(elements, mirror, "initialDelayMillis").longValue(),
        Annotations.number(elements, mirror, "multiplier").doubleValue(),
        Annotations.number(elements, mirror, "maxDelayMillis").longValue(),
        Annotations.number(elements, mirror, "jitter").doubleValue(),
        mirror);
  }

  private void readRecordComponents(
      TypeElement type, List<ColumnModel> columns, List<Element> transientComponents) {
    int key = 0;
    for (RecordComponentElement component : type.getRecordComponents()) {
      VariableElement field = field(type, component.getSimpleName().toString());
      if (Annotations.find(component, Annotations.TRANSIENT) != null
          || Annotations.find(field, Annotations.TRANSIENT) != null) {
        transientComponents.add(component);
      }
      List<Element> places = new ArrayList<>();
      places.add(component);
      places.add(field);
      places.add(component.getAccessor());
      boolean isKey = Annotations.find(component, Annotations.ID) != null;
      columns.add(
          column(
              component,
              places,
              component.asType(),
              isKey ? ++key : 0,
              Accessor.method(component.getAccessor().getSimpleName().toString()),
              null));
    }
  }

  private void readClassFields(
      TypeElement type, List<ColumnModel> columns, List<Element> unpersistedAnnotated) {
    int key = 0;
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Set<Modifier> modifiers = field.getModifiers();
      if (modifiers.contains(Modifier.STATIC)
          || modifiers.contains(Modifier.TRANSIENT)
          || Annotations.find(field, Annotations.TRANSIENT) != null) {
        if (!Annotations.columnAnnotations(field).isEmpty()) {
          unpersistedAnnotated.add(field);
        }
        continue;
      }
      boolean isKey = Annotations.find(field, Annotations.ID) != null;
      columns.add(
          column(
              field,
              List.of(field),
              field.asType(),
              isKey ? ++key : 0,
              getter(type, field),
              setter(type, field)));
    }
  }

  private ColumnModel column(
      Element element,
      List<Element> places,
      TypeMirror type,
      int keyPosition,
      Accessor getter,
      Accessor setter) {
    String javaName = element.getSimpleName().toString();
    AnnotationMirror column = Annotations.find(element, Annotations.COLUMN);
    String name = javaName;
    String defaultValue = null;
    String columnName = Names.snakeCase(javaName);
    if (column != null) {
      name = Annotations.string(elements, column, "name");
      if (Annotations.explicitValue(column, "name") != null) {
        columnName = name;
      }
      String literal = Annotations.string(elements, column, "defaultValue");
      defaultValue = literal.isEmpty() ? null : literal;
    }

    AnnotationMirror nullable = null;
    for (Element place : places) {
      if (nullable == null) {
        nullable = Annotations.findBySimpleName(place, "Nullable");
      }
    }
    boolean isNullable = nullable != null || Annotations.hasTypeAnnotation(type, "Nullable");

    AnnotationMirror created = Annotations.find(element, Annotations.CREATED_AT);
    AnnotationMirror updated = Annotations.find(element, Annotations.UPDATED_AT);
    Timestamp timestamp =
        created != null ? Timestamp.CREATED : updated != null ? Timestamp.UPDATED : Timestamp.NONE;

    AnnotationMirror convert = Annotations.find(element, Annotations.CONVERT);
    ConverterModel converter = convert == null ? null : converter(convert);
    ValueType valueType = converter != null ? converter.storage() : valueType(type);
    TypeMirror stored = converter != null ? converter.columnType() : type;

    return new ColumnModel(
        element,
        javaName,
        columnName,
        column,
        type,
        valueType,
        type.getKind().isPrimitive(),
        converter,
        convert,
        isNullable,
        nullable,
        keyPosition,
        Annotations.find(element, Annotations.ID),
        timestamp,
        created != null ? created : updated,
        defaultValue,
        valueType == ValueType.ENUM && stored != null ? enumConstants(stored) : List.of(),
        getter,
        setter,
        Annotations.find(element, Annotations.VERSION));
  }

  /** How a Java type is stored, or null if Flujo does not map it directly. */
  public ValueType valueType(TypeMirror type) {
    switch (type.getKind()) {
      case LONG:
        return ValueType.LONG;
      case INT:
        return ValueType.INT;
      case SHORT:
        return ValueType.SHORT;
      case BYTE:
        return ValueType.BYTE;
      case BOOLEAN:
        return ValueType.BOOLEAN;
      case DOUBLE:
        return ValueType.DOUBLE;
      case FLOAT:
        return ValueType.FLOAT;
      case ARRAY:
        return ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE
            ? ValueType.BYTES
            : null;
      case DECLARED:
        break;
      default:
        return null;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (element.getKind() == ElementKind.ENUM) {
      return ValueType.ENUM;
    }
    if (!declared.getTypeArguments().isEmpty()) {
      return null;
    }
    switch (element.getQualifiedName().toString()) {
      case "java.lang.String":
        return ValueType.STRING;
      case "java.lang.Long":
        return ValueType.LONG;
      case "java.lang.Integer":
        return ValueType.INT;
      case "java.lang.Short":
        return ValueType.SHORT;
      case "java.lang.Byte":
        return ValueType.BYTE;
      case "java.lang.Boolean":
        return ValueType.BOOLEAN;
      case "java.lang.Double":
        return ValueType.DOUBLE;
      case "java.lang.Float":
        return ValueType.FLOAT;
      case "java.time.Instant":
        return ValueType.INSTANT;
      case "java.time.LocalDate":
        return ValueType.LOCAL_DATE;
      case "java.time.Duration":
        return ValueType.DURATION;
      case "java.util.UUID":
        return ValueType.UUID;
      case "java.math.BigDecimal":
        return ValueType.BIG_DECIMAL;
      default:
        return null;
    }
  }

  /** The converter a {@code @Convert} names, with the types of its {@code ColumnConverter<J, S>}. */
  public ConverterModel converter(AnnotationMirror convert) {
    TypeMirror converterType = Annotations.type(elements, convert, "value");
    if (converterType == null || converterType.getKind() != TypeKind.DECLARED) {
      return new ConverterModel(null, null, null, null);
    }
    TypeElement converterElement = (TypeElement) ((DeclaredType) converterType).asElement();
    // The declared type, not the raw one of the class literal, so a generic converter's
    // ColumnConverter<J, S> keeps its type arguments.
    DeclaredType converterInterface = findColumnConverter(converterElement.asType());
    if (converterInterface == null || converterInterface.getTypeArguments().size() != 2) {
      return new ConverterModel(converterElement, null, null, null);
    }
    TypeMirror javaType = converterInterface.getTypeArguments().get(0);
    TypeMirror columnType = converterInterface.getTypeArguments().get(1);
    return new ConverterModel(converterElement, javaType, columnType, valueType(columnType));
  }

  private DeclaredType findColumnConverter(TypeMirror type) {
    for (TypeMirror supertype : types.directSupertypes(type)) {
      if (supertype.getKind() != TypeKind.DECLARED) {
        continue;
      }
      TypeElement element = (TypeElement) ((DeclaredType) supertype).asElement();
      if (element.getQualifiedName().contentEquals(Annotations.COLUMN_CONVERTER)) {
        return (DeclaredType) supertype;
      }
      DeclaredType found = findColumnConverter(supertype);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<String> enumConstants(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return List.of();
    }
    List<String> constants = new ArrayList<>();
    for (Element e : ((DeclaredType) type).asElement().getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT) {
        constants.add(e.getSimpleName().toString());
      }
    }
    return constants;
  }

  private List<IndexModel> readIndexes(TypeElement type, String tableName) {
    List<AnnotationMirror> mirrors = new ArrayList<>();
    AnnotationMirror single = Annotations.find(type, Annotations.INDEX);
    if (single != null) {
      mirrors.add(single);
    }
    AnnotationMirror list = Annotations.find(type, Annotations.INDEX_LIST);
    if (list != null) {
      mirrors.addAll(Annotations.annotations(elements, list, "value"));
    }
    List<IndexModel> indexes = new ArrayList<>();
    for (AnnotationMirror mirror : mirrors) {
      List<String> columns = Annotations.strings(elements, mirror, "columns");
      String name = Annotations.string(elements, mirror, "name");
      boolean explicit = Annotations.explicitValue(mirror, "name") != null;
      if (!explicit) {
        name = "idx_" + tableName + "_" + String.join("_", new LinkedHashSet<>(columns));
      }
      indexes.add(
          new IndexModel(
              name, explicit, columns, Annotations.bool(elements, mirror, "unique"), mirror));
    }
    return indexes;
  }

  private static VariableElement field(TypeElement type, String name) {
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(name)) {
        return field;
      }
    }
    return null;
  }

  private Accessor getter(TypeElement type, VariableElement field) {
    String name = field.getSimpleName().toString();
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    List<String> candidates = new ArrayList<>();
    candidates.add("get" + capitalized);
    if (field.asType().getKind() == TypeKind.BOOLEAN) {
      candidates.add("is" + capitalized);
    }
    candidates.add(name);
    for (String candidate : candidates) {
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (method.getSimpleName().contentEquals(candidate)
            && method.getParameters().isEmpty()
            && !method.getModifiers().contains(Modifier.PRIVATE)
            && !method.getModifiers().contains(Modifier.STATIC)
            && types.isSameType(method.getReturnType(), field.asType())) {
          return Accessor.method(candidate);
        }
      }
    }
    return field.getModifiers().contains(Modifier.PRIVATE) ? null : Accessor.field(name);
  }

  private Accessor setter(TypeElement type, VariableElement field) {
    String name = field.getSimpleName().toString();
    String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(setter)
          && method.getParameters().size() == 1
          && !method.getModifiers().contains(Modifier.PRIVATE)
          && !method.getModifiers().contains(Modifier.STATIC)
          && types.isSameType(method.getParameters().get(0).asType(), field.asType())) {
        return Accessor.method(setter);
      }
    }
    Set<Modifier> modifiers = field.getModifiers();
    return modifiers.contains(Modifier.PRIVATE) || modifiers.contains(Modifier.FINAL)
        ? null
        : Accessor.field(name);
  }

  private static Construction recordConstruction(List<ColumnModel> columns) {
    List<String> order = new ArrayList<>();
    for (ColumnModel c : columns) {
      order.add(c.javaName());
    }
    return new Construction(Construction.Kind.CONSTRUCTOR, order);
  }

  private Construction classConstruction(TypeElement type, List<ColumnModel> columns) {
    ExecutableElement noArgs = null;
    for (ExecutableElement ctor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (ctor.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      if (ctor.getParameters().isEmpty()) {
        noArgs = ctor;
        continue;
      }
      List<String> order = matchConstructor(ctor, columns);
      if (order != null) {
        return new Construction(Construction.Kind.CONSTRUCTOR, order);
      }
    }
    if (noArgs != null) {
      for (ColumnModel c : columns) {
        if (c.setter() == null) {
          return Construction.NONE;
        }
      }
      return new Construction(Construction.Kind.SETTERS, List.of());
    }
    return Construction.NONE;
  }

  private List<String> matchConstructor(ExecutableElement ctor, List<ColumnModel> columns) {
    if (ctor.getParameters().size() != columns.size()) {
      return null;
    }
    List<String> order = new ArrayList<>();
    for (VariableElement parameter : ctor.getParameters()) {
      ColumnModel match = null;
      for (ColumnModel c : columns) {
        if (c.javaName().contentEquals(parameter.getSimpleName())
            && types.isSameType(types.erasure(c.type()), types.erasure(parameter.asType()))) {
          match = c;
        }
      }
      if (match == null) {
        return null;
      }
      order.add(match.javaName());
    }
    return order;
  }
}
