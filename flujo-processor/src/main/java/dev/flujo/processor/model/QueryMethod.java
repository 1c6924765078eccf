package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Query} method as written.
 *
 * @param element the method
 * @param annotation its {@code @Query}
 * @param sql the statement, split into tokens
 * @param postgres the {@code @Query(postgres)} form, split into tokens, or null if it has none
 * @param parameters its parameters in order
 * @param returns what it returns
 * @param lock the row-locking clause PostgreSQL appends ({@code FOR UPDATE [SKIP LOCKED]}) for a
 *     {@code @Query(lock)}, or null for a plain query
 */
public record QueryMethod(
    ExecutableElement element,
    AnnotationMirror annotation,
    QuerySql sql,
    QuerySql postgres,
    List<QueryParameter> parameters,
    QueryReturn returns,
    String lock) {

  /** The method's name. */
  public String name() {
    return element.getSimpleName().toString();
  }

  /** The parameter with this name, or null. */
  public QueryParameter parameter(String name) {
    for (QueryParameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
