package dev.flujo.tests.queries.nullness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter annotation named {@code Nullable}, like JSpecify's or JetBrains': Flujo accepts any
 * annotation with that simple name. Declared for these tests because {@code
 * dev.flujo.annotations.Nullable} does not target parameters.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Nullable {}
