package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a component through a {@code dev.flujo.runtime.ColumnConverter<J, S>}: {@code J} is the
 * component's type and {@code S} one of the directly supported column types. The converter needs a
 * public no-argument constructor; the generated DAO creates one instance.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Convert {
  /** The converter class, implementing {@code dev.flujo.runtime.ColumnConverter}. */
  Class<?> value();
}
