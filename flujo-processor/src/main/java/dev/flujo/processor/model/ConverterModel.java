package dev.flujo.processor.model;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A {@code @Convert} converter: its class, the Java type it converts from and the stored type it
 * converts to ({@code null} when the class does not implement {@code ColumnConverter}).
 *
 * @param converter the converter class
 * @param javaType the {@code J} of {@code ColumnConverter<J, S>}, or null
 * @param columnType the {@code S} of {@code ColumnConverter<J, S>}, or null
 * @param storage how {@code S} is stored, or null if it is not a supported type
 */
public record ConverterModel(
    TypeElement converter, TypeMirror javaType, TypeMirror columnType, ValueType storage) {}
