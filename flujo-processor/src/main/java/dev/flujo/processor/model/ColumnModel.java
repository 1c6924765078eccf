package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * One persisted component or field.
 *
 * @param element the record component or field
 * @param javaName its Java name
 * @param columnName the SQL column name
 * @param columnAnnotation the {@code @Column} on it, or null
 * @param type its Java type
 * @param valueType how it is stored, or null if the type is not supported
 * @param primitive whether the Java type is primitive
 * @param converter its {@code @Convert} converter, or null
 * @param convertAnnotation the {@code @Convert} on it, or null
 * @param nullable whether it carries a {@code @Nullable}
 * @param nullableAnnotation that annotation, or null (also null for a type-use annotation)
 * @param keyPosition 1-based position in the primary key, or 0
 * @param idAnnotation the {@code @Id} on it, or null
 * @param timestamp whether the DAO sets it from the clock
 * @param timestampAnnotation the {@code @CreatedAt}/{@code @UpdatedAt} on it, or null
 * @param defaultValue the {@code @Column(defaultValue)} literal, or null
 * @param enumConstants the constants of an enum stored as TEXT, else empty
 * @param getter how to read it from an entity
 * @param setter how to set it on an entity built by a no-argument constructor, or null
 * @param versionAnnotation the {@code @Version} on it, or null
 */
public record ColumnModel(
    Element element,
    String javaName,
    String columnName,
    AnnotationMirror columnAnnotation,
    TypeMirror type,
    ValueType valueType,
    boolean primitive,
    ConverterModel converter,
    AnnotationMirror convertAnnotation,
    boolean nullable,
    AnnotationMirror nullableAnnotation,
    int keyPosition,
    AnnotationMirror idAnnotation,
    Timestamp timestamp,
    AnnotationMirror timestampAnnotation,
    String defaultValue,
    List<String> enumConstants,
    Accessor getter,
    Accessor setter,
    AnnotationMirror versionAnnotation) {

  /** Whether the column is part of the primary key. */
  public boolean isKey() {
    return keyPosition > 0;
  }

  /** Whether the column is the table's {@code @Version}. */
  public boolean isVersion() {
    return versionAnnotation != null;
  }

  /** Whether the column is {@code NOT NULL}. */
  public boolean notNull() {
    return isKey() || primitive || !nullable;
  }

  /** The column's SQLite type, or null if the type is not supported. */
  public SqlType sqlType() {
    return valueType == null ? null : valueType.sqlType();
  }
}
