package dev.flujo.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One SQL statement with {@code :named} parameters bound from the method's parameters, verified
 * against the generated schema at compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Query {
  /** The SQL statement, in the SQL common to SQLite and PostgreSQL where possible. */
  String value();

  /**
   * The same statement for PostgreSQL, where the dialects differ (say {@code IS ?} or a SQLite
   * function); empty means {@link #value()} runs on both. It must bind the same parameters, in
   * the same order (named parameters by name), and return the same columns. See
   * docs/postgresql.md.
   */
  String postgres() default "";

  /**
   * Locks the rows the query selects until the transaction ends ({@link Lock#SKIP_LOCKED} to claim
   * rows no other worker holds). Only for a {@code SELECT} that does not return a {@code Stream};
   * see docs/workers.md.
   */
  Lock lock() default Lock.NONE;
}
