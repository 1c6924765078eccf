package dev.flujo.tests.misuse;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** A row without timestamps: it reads no clock. */
@StateTable
public record Plain(@Id String id, String note) {}
