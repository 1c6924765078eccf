package dev.flujo.tests.queries.upgrade;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.time.Instant;

/**
 * A parcel whose second version added {@code label} in the middle of the record: files written by
 * the first version get the column appended at the end by {@code ALTER TABLE ... ADD COLUMN}.
 */
@StateTable(name = "parcels")
public record Parcel(
    @Id String id, String owner, @Nullable String label, long weight, Instant createdAt) {}
