package dev.flujo.tests;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.Transient;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/** A plain class: a no-argument constructor, getters and setters; one transient field. */
@StateTable(withoutRowId = false, strict = false)
public class Job {
  @Id private long id;
  private String name;
  private boolean active;
  @Nullable private Integer priority;
  @UpdatedAt private Instant updatedAt;
  @Transient private String scratch = "not persisted";

  public Job() {}

  public Job(long id, String name, boolean active, Integer priority) {
    this.id = id;
    this.name = name;
    this.active = active;
    this.priority = priority;
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public boolean isActive() {
    return active;
  }

  public void setActive(boolean active) {
    this.active = active;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }

  public String getScratch() {
    return scratch;
  }
}
