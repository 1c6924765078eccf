package dev.flujo.processor.model;

import java.util.List;

/**
 * How generated code builds an entity from a row.
 *
 * @param kind the way it is built
 * @param parameterOrder for {@link Kind#CONSTRUCTOR}: the Java names of the columns in the order
 *     the constructor takes them
 */
public record Construction(Kind kind, List<String> parameterOrder) {
  /** Ways to build an entity. */
  public enum Kind {
    /** A constructor taking every column (a record's canonical constructor, or a class's). */
    CONSTRUCTOR,
    /** A no-argument constructor, then a setter or field assignment per column. */
    SETTERS,
    /** No usable way was found. */
    NONE
  }

  /** No usable way to build the entity. */
  public static final Construction NONE = new Construction(Kind.NONE, List.of());
}
