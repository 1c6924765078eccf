package dev.flujo.processor.model;

import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One parameter of a {@code @Query} method.
 *
 * @param element the parameter
 * @param name its name, as {@code :name} refers to it
 * @param type its declared type
 * @param collection whether it is a {@code Collection} bound as an {@code IN} list
 * @param valueJavaType the type of one bound value: the element type of a collection, else {@code
 *     type}; null if a collection's element type cannot be told
 * @param valueType how a bound value maps directly, or null if it does not
 * @param primitive whether {@code type} is primitive
 * @param nullable whether it carries a {@code @Nullable} (null then binds SQL NULL)
 */
public record QueryParameter(
    VariableElement element,
    String name,
    TypeMirror type,
    boolean collection,
    TypeMirror valueJavaType,
    ValueType valueType,
    boolean primitive,
    boolean nullable) {}
