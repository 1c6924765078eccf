package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column may hold {@code NULL}. Any annotation whose simple name is {@code Nullable} (JSpecify,
 * JetBrains, javax) has the same effect; every other reference-typed column is {@code NOT NULL}.
 * On a {@code @Query} method parameter it lets the parameter bind SQL {@code NULL}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Nullable {}
