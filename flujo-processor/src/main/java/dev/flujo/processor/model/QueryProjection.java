package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A record that query rows are read into, one component per result column.
 *
 * @param element the record
 * @param components its components in declaration (and constructor) order
 */
public record QueryProjection(TypeElement element, List<Component> components) {

  /**
   * One component.
   *
   * @param element the component
   * @param javaName its name
   * @param columnName the result column it reads: {@code @Column(name)} or its snake_case name
   * @param type its type
   * @param valueType how it maps directly, or null
   * @param primitive whether it is primitive
   * @param converter its {@code @Convert} converter, or null
   * @param convertAnnotation the {@code @Convert} on it, or null
   */
  public record Component(
      RecordComponentElement element,
      String javaName,
      String columnName,
      TypeMirror type,
      ValueType valueType,
      boolean primitive,
      ConverterModel converter,
      AnnotationMirror convertAnnotation) {}
}
