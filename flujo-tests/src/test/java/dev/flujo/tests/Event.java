package dev.flujo.tests;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import java.util.UUID;

/** An immutable class built through its all-arguments constructor. */
@StateTable
public final class Event {
  @Id private final UUID id;
  private final String kind;
  private final long sequence;

  public Event(UUID id, String kind, long sequence) {
    this.id = id;
    this.kind = kind;
    this.sequence = sequence;
  }

  public UUID id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  public long sequence() {
    return sequence;
  }
}
