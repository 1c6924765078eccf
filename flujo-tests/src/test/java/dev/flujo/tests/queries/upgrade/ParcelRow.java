package dev.flujo.tests.queries.upgrade;

import dev.flujo.annotations.Nullable;
import java.time.Instant;

/** Every column of {@link Parcel}, read as a projection. */
public record ParcelRow(
    String id, String owner, @Nullable String label, long weight, Instant createdAt) {}
