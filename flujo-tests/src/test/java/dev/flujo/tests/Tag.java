package dev.flujo.tests;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** A table whose only column is its key. */
@StateTable
public record Tag(@Id String name) {}
