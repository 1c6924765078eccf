package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An interface of {@link Query} methods over one {@link StateTable}. The processor checks every
 * statement against the generated schema and writes {@code <Interface>Impl}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StateQueries {
  /** The {@link StateTable} type these queries read and write. */
  Class<?> value();
}
