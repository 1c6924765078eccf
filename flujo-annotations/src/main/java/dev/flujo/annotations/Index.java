package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A secondary index on a {@link StateTable}, validated against the table's columns. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Index.List.class)
public @interface Index {
  /** Column names (SQL names, not Java names), in index order. */
  String[] columns();

  /** Whether the index is {@code UNIQUE}. */
  boolean unique() default false;

  /** The index name; empty means {@code idx_<table>_<col1>_<col2>...}. */
  String name() default "";

  /** Container for repeated {@link Index} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    /** The indexes. */
    Index[] value();
  }
}
