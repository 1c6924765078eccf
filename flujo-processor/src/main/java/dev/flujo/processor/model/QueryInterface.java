package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @StateQueries} interface as written.
 *
 * @param element the interface
 * @param annotation its {@code @StateQueries}
 * @param entityType the type named by {@code @StateQueries(value)}, or null if it is not a type
 * @param table that type's table, or null if it is not a valid {@code @StateTable}
 * @param methods the abstract methods carrying {@code @Query}, own and inherited
 * @param withoutQuery abstract methods without {@code @Query}
 * @param queryWithBody default or static methods carrying {@code @Query}
 */
public record QueryInterface(
    TypeElement element,
    AnnotationMirror annotation,
    TypeMirror entityType,
    TableModel table,
    List<QueryMethod> methods,
    List<ExecutableElement> withoutQuery,
    List<ExecutableElement> queryWithBody) {}
