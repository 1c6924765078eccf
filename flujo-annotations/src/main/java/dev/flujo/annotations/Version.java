package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The optimistic-locking version of a row, on one primitive {@code long} or {@code int} component
 * or field that is not part of the key. The generated DAO's {@code insert} writes 1; its {@code
 * update} and {@code upsert} of an existing row succeed only if the stored version equals the
 * entity's, increment it in the same statement and return the new version; otherwise they throw
 * {@code dev.flujo.runtime.OptimisticLockException}. See docs/workers.md.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Version {}
