package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;

/** A row whose key and values are attacker-chosen text. */
@StateTable(name = "rel_hostile")
public record Hostile(@Id String label, String content, @Nullable String note) {}
