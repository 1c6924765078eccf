package dev.flujo.tests.misuse;

import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/** A row with clock-set timestamps. */
@StateTable
public record Stamped(@Id String id, String note, @CreatedAt Instant createdAt, @UpdatedAt Instant updatedAt) {}
