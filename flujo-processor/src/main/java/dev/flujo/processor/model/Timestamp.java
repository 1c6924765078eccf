package dev.flujo.processor.model;

/** Whether a column is set by the DAO from the database clock. */
public enum Timestamp {
  NONE,
  /** {@code @CreatedAt}: set on the first write, kept by later ones. */
  CREATED,
  /** {@code @UpdatedAt}: set on every write. */
  UPDATED
}
