package dev.flujo.tests.queries.upgrade;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every query shape, written with {@code SELECT *} as a new user would. */
@StateQueries(Parcel.class)
public interface ParcelQueries {
  @Query("SELECT * FROM parcels WHERE owner = :owner ORDER BY id")
  List<Parcel> byOwner(String owner);

  @Query("SELECT * FROM parcels WHERE id = :id")
  Optional<Parcel> find(String id);

  @Query("SELECT * FROM parcels WHERE id = :id")
  Parcel get(String id);

  @Query("SELECT * FROM parcels ORDER BY id")
  Stream<Parcel> streamAll();

  @Query("SELECT * FROM parcels ORDER BY id")
  List<ParcelRow> rows();

  @Query("SELECT * FROM parcels WHERE id IN (:ids) ORDER BY id")
  List<Parcel> byIds(Collection<String> ids);

  @Query(
      "SELECT p.* FROM parcels p JOIN parcel_scans s ON s.parcel_id = p.id"
          + " WHERE s.station = :station ORDER BY p.id")
  List<Parcel> scannedAt(String station);

  @Query(
      "SELECT * FROM parcels p JOIN parcel_scans s ON s.parcel_id = p.id"
          + " WHERE s.station = :station ORDER BY p.id")
  List<ScannedParcel> scansAt(String station);
}
