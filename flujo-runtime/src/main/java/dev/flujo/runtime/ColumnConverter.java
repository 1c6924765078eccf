package dev.flujo.runtime;

/**
 * Maps a Java type {@code J} to a directly supported column type {@code S} for a component marked
 * {@code @Convert}. Implementations need a public no-argument constructor and must be thread-safe:
 * a generated DAO creates one instance and shares it. Neither method is called with {@code null};
 * a null component is stored as SQL NULL.
 *
 * @param <J> the component's Java type
 * @param <S> the stored type: one of the types Flujo maps directly
 */
public interface ColumnConverter<J, S> {
  /** Converts a component value to its stored form. */
  S toColumn(J value);

  /** Converts a stored value back to the component's type. */
  J fromColumn(S value);
}
