package dev.flujo.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StateDatabase.Builder#open()} would do to a file's schema, from {@link
 * StateDatabase#plan}: the changes it would make, or why it would refuse.
 *
 * @param file the file, absolute
 * @param changes the changes, one line each, in order; empty if the file matches the code or open
 *     would refuse
 * @param refusal the message of the {@link SchemaMismatchException} open would throw, or empty
 */
public record SchemaPlan(String file, List<String> changes, Optional<String> refusal) {
  /** Validates and copies the plan. */
  public SchemaPlan {
    Objects.requireNonNull(file, "file");
    changes = List.copyOf(changes);
    Objects.requireNonNull(refusal, "refusal");
  }

  /** Whether open would succeed (with or without changes). */
  public boolean opens() {
    return refusal.isEmpty();
  }

  /** Whether the file already matches the code: open would change nothing. */
  public boolean upToDate() {
    return opens() && changes.isEmpty();
  }
}
