package dev.flujo.tests.version;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import dev.flujo.annotations.Version;
import java.time.Instant;

/** A hot row written by read-modify-write under optimistic locking. */
@StateTable(name = "ver_counter")
public record Counter(
    @Id String id,
    long value,
    @Nullable String owner,
    @UpdatedAt Instant updatedAt,
    @Version long version) {

  /** This counter with {@code value} and the same version. */
  public Counter withValue(long value) {
    return new Counter(id, value, owner, updatedAt, version);
  }

  /** This counter at {@code version}. */
  public Counter withVersion(long version) {
    return new Counter(id, value, owner, updatedAt, version);
  }
}
