package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as one SQLite table. The processor generates {@code <Type>Dao} next to
 * it, with the table's DDL in {@code <Type>Dao.TABLE}.
 *
 * <p>Each record component (or non-{@link Transient} instance field of a class) becomes a column
 * named by the snake_case form of its name unless {@link Column#name()} says otherwise.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StateTable {
  /** The table name; empty means the snake_case simple name of the type. */
  String name() default "";

  /** Whether the table is declared {@code WITHOUT ROWID} (clustered on its primary key). */
  boolean withoutRowId() default true;

  /** Whether the table is declared {@code STRICT} (SQLite enforces column storage types). */
  boolean strict() default true;
}
