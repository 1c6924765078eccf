package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Reads annotation mirrors by name, so values and their source positions stay reachable. */
public final class Annotations {
  /** {@code dev.flujo.annotations.StateTable}. */
  public static final String STATE_TABLE = "dev.flujo.annotations.StateTable";
  /** {@code dev.flujo.annotations.Id}. */
  public static final String ID = "dev.flujo.annotations.Id";
  /** {@code dev.flujo.annotations.Column}. */
  public static final String COLUMN = "dev.flujo.annotations.Column";
  /** {@code dev.flujo.annotations.CreatedAt}. */
  public static final String CREATED_AT = "dev.flujo.annotations.CreatedAt";
  /** {@code dev.flujo.annotations.UpdatedAt}. */
  public static final String UPDATED_AT = "dev.flujo.annotations.UpdatedAt";
  /** {@code dev.flujo.annotations.Version}. */
  public static final String VERSION = "dev.flujo.annotations.Version";
  /** {@code dev.flujo.annotations.Index}. */
  public static final String INDEX = "dev.flujo.annotations.Index";
  /** {@code dev.flujo.annotations.Index.List}. */
  public static final String INDEX_LIST = "dev.flujo.annotations.Index.List";
  /** {@code dev.flujo.annotations.Convert}. */
  public static final String CONVERT = "dev.flujo.annotations.Convert";
  /** {@code dev.flujo.annotations.Transient}. */
  public static final String TRANSIENT = "dev.flujo.annotations.Transient";
  /** {@code dev.flujo.annotations.DbRetry}. */
  public static final String DB_RETRY = "dev.flujo.annotations.DbRetry";
  /** {@code dev.flujo.annotations.StateQueries}. */
  public static final String STATE_QUERIES = "dev.flujo.annotations.StateQueries";
  /** {@code dev.flujo.annotations.Query}. */
  public static final String QUERY = "dev.flujo.annotations.Query";
  /** {@code dev.flujo.runtime.ColumnConverter}. */
  public static final String COLUMN_CONVERTER = "dev.flujo.runtime.ColumnConverter";

  /** The annotations that describe a column, and so have no effect on a field that is not one. */
  public static final List<String> COLUMN_ANNOTATIONS =
      List.of(ID, COLUMN, CONVERT, CREATED_AT, UPDATED_AT, VERSION);

  private Annotations() {}

  /** The column annotations ({@link #COLUMN_ANNOTATIONS}) present on an element, in that order. */
  public static List<AnnotationMirror> columnAnnotations(Element element) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (String name : COLUMN_ANNOTATIONS) {
      AnnotationMirror mirror = find(element, name);
      if (mirror != null) {
        found.add(mirror);
      }
    }
    return found;
  }

  /** The annotation of the given type on {@code element}, or null. */
  public static AnnotationMirror find(Element element, String qualifiedName) {
    if (element == null) {
      return null;
    }
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (qualifiedName.equals(name(mirror))) {
        return mirror;
      }
    }
    return null;
  }

  /** The first annotation whose simple name is {@code simpleName} on the element, or null. */
  public static AnnotationMirror findBySimpleName(Element element, String simpleName) {
    if (element == null) {
      return null;
    }
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (simpleName.contentEquals(mirror.getAnnotationType().asElement().getSimpleName())) {
        return mirror;
      }
    }
    return null;
  }

  /** Whether a type carries a type-use annotation with this simple name. */
  public static boolean hasTypeAnnotation(TypeMirror type, String simpleName) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      if (simpleName.contentEquals(mirror.getAnnotationType().asElement().getSimpleName())) {
        return true;
      }
    }
    return false;
  }

  /** The qualified name of an annotation's type. */
  public static String name(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  /** The value of a member as written, or null if the default applies. */
  public static AnnotationValue explicitValue(AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Like {@link #explicitValue} but accepting a null annotation. */
  public static AnnotationValue explicitValueOrNull(AnnotationMirror mirror, String member) {
    return mirror == null ? null : explicitValue(mirror, member);
  }

  /** The value of a member, with the annotation's default if not written. */
  public static AnnotationValue value(Elements elements, AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("no member " + member + " in " + mirror);
  }

  /** A string member's value. */
  public static String string(Elements elements, AnnotationMirror mirror, String member) {
    return (String) value(elements, mirror, member).getValue();
  }

  /** A boolean member's value. */
  public static boolean bool(Elements elements, AnnotationMirror mirror, String member) {
    return (Boolean) value(elements, mirror, member).getValue();
  }

  /** A numeric member's value. */
  public static Number number(Elements elements, AnnotationMirror mirror, String member) {
    return (Number) value(elements, mirror, member).getValue();
  }

  /** A {@code String[]} member's values. */
  public static List<String> strings(Elements elements, AnnotationMirror mirror, String member) {
    Object raw = value(elements, mirror, member).getValue();
    List<String> out = new ArrayList<>();
    if (raw instanceof List) {
      for (Object item : (List<?>) raw) {
        out.add((String) ((AnnotationValue) item).getValue());
      }
    }
    return out;
  }

  /** A nested-annotation array member's values. */
  public static List<AnnotationMirror> annotations(
      Elements elements, AnnotationMirror mirror, String member) {
    Object raw = value(elements, mirror, member).getValue();
    List<AnnotationMirror> out = new ArrayList<>();
    if (raw instanceof List) {
      for (Object item : (List<?>) raw) {
        out.add((AnnotationMirror) ((AnnotationValue) item).getValue());
      }
    }
    return out;
  }

  /** A {@code Class<?>} member's type, or null if it is not a type (e.g. not yet generated). */
  public static TypeMirror type(Elements elements, AnnotationMirror mirror, String member) {
    Object raw = value(elements, mirror, member).getValue();
    return raw instanceof TypeMirror ? (TypeMirror) raw : null;
  }
}
