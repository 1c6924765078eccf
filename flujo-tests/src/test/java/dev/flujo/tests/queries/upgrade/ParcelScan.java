package dev.flujo.tests.queries.upgrade;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/** A scan of a parcel at a station: the other side of the join queries. */
@StateTable(name = "parcel_scans")
public record ParcelScan(@Id String scanId, String parcelId, String station) {}
