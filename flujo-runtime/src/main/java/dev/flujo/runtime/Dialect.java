package dev.flujo.runtime;

/**
 * The database a {@link StateDatabase} runs on, chosen at run time by the URL it was opened with;
 * the same generated classes run on each.
 */
public enum Dialect {
  /** An embedded SQLite file or in-memory database ({@code jdbc:sqlite:…}, {@code file(…)}). */
  SQLITE,
  /**
   * A PostgreSQL server ({@code jdbc:postgresql://…}), or a server speaking its wire protocol.
   * See docs/postgresql.md.
   */
  POSTGRESQL
}
