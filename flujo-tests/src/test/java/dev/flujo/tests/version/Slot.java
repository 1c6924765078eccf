package dev.flujo.tests.version;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.Version;

/** A versioned row with a composite key and an {@code int} version. */
@StateTable(name = "ver_slot")
public record Slot(@Id String shard, @Id int position, String payload, @Version int version) {}
