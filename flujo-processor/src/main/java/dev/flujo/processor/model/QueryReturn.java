package dev.flujo.processor.model;

import javax.lang.model.type.TypeMirror;

/**
 * What a {@code @Query} method returns: a shape ({@code List<T>}, {@code int}, ...) and, for the
 * shapes that carry rows, what one row becomes.
 *
 * @param shape the shape
 * @param type the declared return type
 * @param rowType {@code T}, or null for shapes without rows
 * @param rowKind what {@code T} is
 * @param entity for {@link RowKind#ENTITY}: its table
 * @param scalar for {@link RowKind#SCALAR}: how {@code T} maps
 * @param projection for {@link RowKind#PROJECTION}: the record
 */
public record QueryReturn(
    Shape shape,
    TypeMirror type,
    TypeMirror rowType,
    RowKind rowKind,
    TableModel entity,
    ValueType scalar,
    QueryProjection projection) {

  /** Return shapes. */
  public enum Shape {
    /** {@code void}. */
    VOID,
    /** {@code int}: a row count for DML, a value for a query. */
    INT,
    /** {@code long}: a row count for DML, a value for a query. */
    LONG,
    /** {@code boolean}: whether DML changed a row; whether a query's first value is true. */
    BOOLEAN,
    /** {@code T}: the first row; throws if there is none. */
    SINGLE,
    /** {@code Optional<T>}: the first row, if any. */
    OPTIONAL,
    /** {@code List<T>}: every row. */
    LIST,
    /** {@code Stream<T>}: every row, read lazily. */
    STREAM,
    /** Anything else. */
    UNSUPPORTED;

    /** Whether the shape reads rows. */
    public boolean readsRows() {
      return this == SINGLE || this == OPTIONAL || this == LIST || this == STREAM;
    }
  }

  /** What one row becomes. */
  public enum RowKind {
    /** The shape has no rows. */
    NONE,
    /** A {@code @StateTable} entity. */
    ENTITY,
    /** A record whose components match result columns by name. */
    PROJECTION,
    /** One value of a directly mapped type. */
    SCALAR,
    /** Another type: a single converted value when the column has a converter for it, else an error. */
    OTHER
  }
}
