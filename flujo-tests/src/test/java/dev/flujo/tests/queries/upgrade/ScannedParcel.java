package dev.flujo.tests.queries.upgrade;

import dev.flujo.annotations.Nullable;
import java.time.Instant;

/** Every column of a parcel joined with its scan, as {@code SELECT *} over the join returns them. */
public record ScannedParcel(
    String id,
    String owner,
    @Nullable String label,
    long weight,
    Instant createdAt,
    String scanId,
    String parcelId,
    String station) {}
