package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Overrides the column name of a component or field, or gives it a SQL default value. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Column {
  /** The column name; empty means the snake_case form of the component name. */
  String name() default "";

  /**
   * A SQL literal used as the column's {@code DEFAULT}: a number, a single-quoted string, {@code
   * NULL}, {@code TRUE}/{@code FALSE} or a blob literal {@code X'..'}. It is validated against the
   * column's type at compile time. Empty means no default.
   */
  String defaultValue() default "";
}
