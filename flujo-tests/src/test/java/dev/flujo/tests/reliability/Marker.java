package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** A row rewritten by single-statement upserts; {@code seq} only grows for a given writer. */
@StateTable(name = "rel_marker")
public record Marker(@Id String id, long seq, String payload) {}
