package dev.flujo.processor.model;

/**
 * How generated code reads or writes a component: a method ({@code runId()}, {@code getRunId()},
 * {@code setRunId(..)}) or a field.
 *
 * @param name the method or field name
 * @param method whether it is a method
 */
public record Accessor(String name, boolean method) {
  /** A method accessor. */
  public static Accessor method(String name) {
    return new Accessor(name, true);
  }

  /** A field accessor. */
  public static Accessor field(String name) {
    return new Accessor(name, false);
  }
}
