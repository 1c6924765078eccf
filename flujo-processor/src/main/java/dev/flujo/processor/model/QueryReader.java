package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @StateQueries} interface into a {@link QueryInterface}: its methods, parameters,
 * return shapes and the tables of entity rows. Like {@link TableReader}, it records what it finds
 * and reports nothing; the SQL is checked by validation.
 */
public final class QueryReader {
  private final Elements elements;
  private final Types types;
  private final TableReader tableReader;
  private final Function<TypeElement, TableModel> tables;

  /**
   * Creates a reader.
   *
   * @param tables the table of a {@code @StateTable} type, or null if it has none (yet)
   */
  public QueryReader(
      Elements elements,
      Types types,
      TableReader tableReader,
      Function<TypeElement, TableModel> tables) {
    this.elements = elements;
    this.types = types;
    this.tableReader = tableReader;
    this.tables = tables;
  }

  /** Reads the interface. */
  public QueryInterface read(TypeElement type) {
    AnnotationMirror annotation = Annotations.find(type, Annotations.STATE_QUERIES);
    TypeMirror entityType = Annotations.type(elements, annotation, "value");
    TableModel table = null;
    if (entityType != null && entityType.getKind() == TypeKind.DECLARED) {
      table = tables.apply((TypeElement) types.asElement(entityType));
    }
    List<QueryMethod> methods = new ArrayList<>();
    List<ExecutableElement> withoutQuery = new ArrayList<>();
    List<ExecutableElement> queryWithBody = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      Element owner = method.getEnclosingElement();
      if (owner.getKind() != ElementKind.INTERFACE) {
        continue;
      }
      AnnotationMirror query = Annotations.find(method, Annotations.QUERY);
      boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
      if (!isAbstract) {
        if (query != null) {
          queryWithBody.add(method);
        }
      } else if (query == null) {
        withoutQuery.add(method);
      } else {
        methods.add(readMethod(type, method, query));
      }
    }
    return new QueryInterface(
        type, annotation, entityType, table, methods, withoutQuery, queryWithBody);
  }

  private QueryMethod readMethod(
      TypeElement owner, ExecutableElement method, AnnotationMirror query) {
    ExecutableType member =
        (ExecutableType) types.asMemberOf((DeclaredType) owner.asType(), method);
    List<QueryParameter> parameters = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      parameters.add(parameter(method.getParameters().get(i), member.getParameterTypes().get(i)));
    }
    String sql = Annotations.string(elements, query, "value");
    String postgres = Annotations.string(elements, query, "postgres");
    return new QueryMethod(
        method,
        query,
        QuerySql.parse(sql),
        postgres == null || postgres.isEmpty() ? null : QuerySql.parse(postgres),
        parameters,
        returns(member.getReturnType()),
        lockClause(query));
  }

  /** The clause a {@code @Query(lock)} adds on PostgreSQL, or null for {@code Lock.NONE}. */
  private static String lockClause(AnnotationMirror query) {
    javax.lang.model.element.AnnotationValue value = Annotations.explicitValue(query, "lock");
    if (value == null || !(value.getValue() instanceof VariableElement)) {
      return null;
    }
    switch (((VariableElement) value.getValue()).getSimpleName().toString()) {
      case "FOR_UPDATE":
        return "FOR UPDATE";
      case "SKIP_LOCKED":
        return "FOR UPDATE SKIP LOCKED";
      default:
        return null;
    }
  }

  private QueryParameter parameter(VariableElement element, TypeMirror type) {
    boolean nullable =
        Annotations.findBySimpleName(element, "Nullable") != null
            || Annotations.hasTypeAnnotation(type, "Nullable");
    TypeMirror collectionElement = collectionElement(type);
    boolean collection = collectionElement != null || isCollection(type);
    TypeMirror value = collection ? collectionElement : type;
    ValueType valueType = value == null ? null : tableReader.valueType(value);
    return new QueryParameter(
        element,
        element.getSimpleName().toString(),
        type,
        collection,
        value,
        valueType,
        type.getKind().isPrimitive(),
        nullable);
  }

  private boolean isCollection(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && types.isAssignable(types.erasure(type), types.erasure(collectionType()));
  }

  private TypeMirror collectionType() {
    return elements.getTypeElement("java.util.Collection").asType();
  }

  /** The element type of a {@code Collection} type, or null if it is none or cannot be told. */
  private TypeMirror collectionElement(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    if (element.getQualifiedName().contentEquals("java.util.Collection")) {
      if (declared.getTypeArguments().size() != 1) {
        return null;
      }
      return bound(declared.getTypeArguments().get(0));
    }
    for (TypeMirror supertype : types.directSupertypes(type)) {
      TypeMirror found = collectionElement(supertype);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static TypeMirror bound(TypeMirror argument) {
    if (argument.getKind() == TypeKind.WILDCARD) {
      TypeMirror upper = ((WildcardType) argument).getExtendsBound();
      return upper;
    }
    if (argument.getKind() == TypeKind.TYPEVAR) {
      return null;
    }
    return argument;
  }

  private QueryReturn returns(TypeMirror type) {
    switch (type.getKind()) {
      case VOID:
        return noRows(QueryReturn.Shape.VOID, type);
      case INT:
        return noRows(QueryReturn.Shape.INT, type);
      case LONG:
        return noRows(QueryReturn.Shape.LONG, type);
      case BOOLEAN:
        return noRows(QueryReturn.Shape.BOOLEAN, type);
      case DECLARED:
      case ARRAY:
      case DOUBLE:
      case FLOAT:
      case SHORT:
      case BYTE:
        break;
      default:
        return noRows(QueryReturn.Shape.UNSUPPORTED, type);
    }
    QueryReturn.Shape shape = QueryReturn.Shape.SINGLE;
    TypeMirror row = type;
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
      switch (name) {
        case "java.util.List":
          shape = QueryReturn.Shape.LIST;
          break;
        case "java.util.Optional":
          shape = QueryReturn.Shape.OPTIONAL;
          break;
        case "java.util.stream.Stream":
          shape = QueryReturn.Shape.STREAM;
          break;
        default:
          if (isCollection(type) || name.equals("java.lang.Iterable")) {
            return noRows(QueryReturn.Shape.UNSUPPORTED, type);
          }
      }
      if (shape != QueryReturn.Shape.SINGLE) {
        if (declared.getTypeArguments().size() != 1) {
          return noRows(QueryReturn.Shape.UNSUPPORTED, type);
        }
        row = bound(declared.getTypeArguments().get(0));
        if (row == null) {
          return noRows(QueryReturn.Shape.UNSUPPORTED, type);
        }
      }
    }
    return rows(shape, type, row);
  }

  private QueryReturn rows(QueryReturn.Shape shape, TypeMirror type, TypeMirror row) {
    ValueType scalar = tableReader.valueType(row);
    if (scalar != null) {
      return new QueryReturn(shape, type, row, QueryReturn.RowKind.SCALAR, null, scalar, null);
    }
    if (row.getKind() == TypeKind.DECLARED) {
      TypeElement element = (TypeElement) types.asElement(row);
      if (Annotations.find(element, Annotations.STATE_TABLE) != null) {
        TableModel table = tables.apply(element);
        return new QueryReturn(
            shape, type, row, table != null ? QueryReturn.RowKind.ENTITY : QueryReturn.RowKind.OTHER,
            table, null, null);
      }
      if (element.getKind() == ElementKind.RECORD
          && ((DeclaredType) row).getTypeArguments().isEmpty()) {
        return new QueryReturn(
            shape, type, row, QueryReturn.RowKind.PROJECTION, null, null, projection(element));
      }
    }
    return new QueryReturn(shape, type, row, QueryReturn.RowKind.OTHER, null, null, null);
  }

  private static QueryReturn noRows(QueryReturn.Shape shape, TypeMirror type) {
    return new QueryReturn(shape, type, null, QueryReturn.RowKind.NONE, null, null, null);
  }

  private QueryProjection projection(TypeElement record) {
    List<QueryProjection.Component> components = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      String javaName = component.getSimpleName().toString();
      String columnName = Names.snakeCase(javaName);
      AnnotationMirror column = Annotations.find(component, Annotations.COLUMN);
      if (column != null) {
        String explicit = Annotations.string(elements, column, "name");
        if (!explicit.isEmpty()) {
          columnName = explicit;
        }
      }
      AnnotationMirror convert = Annotations.find(component, Annotations.CONVERT);
      ConverterModel converter = convert == null ? null : tableReader.converter(convert);
      TypeMirror type = component.asType();
      components.add(
          new QueryProjection.Component(
              component,
              javaName,
              columnName,
              type,
              converter != null ? converter.storage() : tableReader.valueType(type),
              type.getKind().isPrimitive(),
              converter,
              convert));
    }
    return new QueryProjection(record, components);
  }
}
