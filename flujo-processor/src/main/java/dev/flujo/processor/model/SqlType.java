package dev.flujo.processor.model;

/** SQLite storage classes a column can be declared with under {@code STRICT}. */
public enum SqlType {
  INTEGER,
  REAL,
  TEXT,
  BLOB
}
