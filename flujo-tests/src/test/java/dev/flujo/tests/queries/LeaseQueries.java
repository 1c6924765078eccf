package dev.flujo.tests.queries;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;
import java.time.Instant;
import java.util.List;

/** Queries of a table with a {@code @DbRetry} policy. */
@StateQueries(Lease.class)
public interface LeaseQueries {
  @Query("DELETE FROM lease WHERE expires_at <= :now")
  int expire(Instant now);

  @Query("SELECT name FROM lease WHERE owner = :owner ORDER BY name")
  List<String> heldBy(String owner);
}
