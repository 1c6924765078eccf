package dev.flujo.test;

import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.time.Instant;

/** The table the extension's tests create. */
@StateTable
public record Note(@Id String id, String text, @Nullable @CreatedAt Instant createdAt) {}
