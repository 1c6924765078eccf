package dev.flujo.examples.nullness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method parameter that may be null. Flujo's own {@code @Nullable} targets columns only;
 * for {@code @Query} parameters the processor accepts any annotation of this simple name, and a
 * null argument then binds SQL {@code NULL}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Nullable {}
