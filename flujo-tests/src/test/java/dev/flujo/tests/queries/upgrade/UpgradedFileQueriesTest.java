package dev.flujo.tests.queries.upgrade;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SELECT *} queries on a file written by the first version of {@link Parcel} (without
 * {@code label}) and upgraded at open by the second: the file has {@code label} last, the record in
 * the middle. Every query shape must read the same values as on a fresh file.
 */
class UpgradedFileQueriesTest {
  private static final Instant T1 = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final Instant T2 = Instant.parse("2026-01-03T03:04:05Z");

  /** The table as the first version of the code declared it. */
  private static final TableDefinition PARCELS_V1 =
      new TableDefinition(
          "parcels",
          List.of(
              new ColumnDefinition("id", "TEXT", true, null, 1, null),
              new ColumnDefinition("owner", "TEXT", true, null, 0, null),
              new ColumnDefinition("weight", "INTEGER", true, null, 0, null),
              new ColumnDefinition("created_at", "INTEGER", true, null, 0, null)),
          List.of(),
          true,
          true,
          "CREATE TABLE IF NOT EXISTS \"parcels\" (\n"
              + "  \"id\" TEXT NOT NULL,\n"
              + "  \"owner\" TEXT NOT NULL,\n"
              + "  \"weight\" INTEGER NOT NULL,\n"
              + "  \"created_at\" INTEGER NOT NULL,\n"
              + "  PRIMARY KEY (\"id\")\n"
              + ") WITHOUT ROWID, STRICT",
          "0000000000000001");

  @TempDir Path dir;

  @Test
  void everyStarQueryShapeReadsAnUpgradedFileAsAFreshOne() throws Exception {
    Path upgraded = dir.resolve("upgraded.db");
    StateDatabase.builder().file(upgraded).tables(PARCELS_V1).open().close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + upgraded);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO parcels (id, owner, weight, created_at) VALUES (?, ?, ?, ?)")) {
      for (Parcel p : List.of(parcel("p1", "ann", null, 10, T1), parcel("p2", "bob", null, 20, T2))) {
        insert.setString(1, p.id());
        insert.setString(2, p.owner());
        insert.setLong(3, p.weight());
        insert.setLong(4, micros(p.createdAt()));
        insert.executeUpdate();
      }
    }
    List<Object> onUpgraded = runEveryQuery(upgraded);
    assertThat(columnsOf(upgraded))
        .containsExactly("id", "owner", "weight", "created_at", "label")
        .inOrder();

    Path fresh = dir.resolve("fresh.db");
    try (StateDatabase db =
        StateDatabase.builder().file(fresh).tables(ParcelDao.TABLE, ParcelScanDao.TABLE).open()) {
      ParcelDao parcels = new ParcelDao(db);
      parcels.insert(parcel("p1", "ann", null, 10, T1));
      parcels.insert(parcel("p2", "bob", null, 20, T2));
    }
    List<Object> onFresh = runEveryQuery(fresh);
    assertThat(columnsOf(fresh))
        .containsExactly("id", "owner", "label", "weight", "created_at")
        .inOrder();

    assertThat(onUpgraded).isEqualTo(onFresh);
  }

  /** Opens the file with the second version, writes the same new rows, runs every query. */
  private static List<Object> runEveryQuery(Path file) {
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(ParcelDao.TABLE, ParcelScanDao.TABLE).open()) {
      ParcelDao parcels = new ParcelDao(db);
      ParcelScanDao scans = new ParcelScanDao(db);
      Parcel p1 = parcels.findById("p1").orElseThrow();
      parcels.update(new Parcel(p1.id(), p1.owner(), "fragile", p1.weight(), p1.createdAt()));
      parcels.insert(parcel("p3", "ann", "heavy", 30, T2));
      scans.insert(new ParcelScan("s1", "p1", "north"));
      scans.insert(new ParcelScan("s2", "p3", "north"));
      scans.insert(new ParcelScan("s3", "p2", "south"));

      ParcelQueries queries = new ParcelQueriesImpl(db);
      List<Object> results = new ArrayList<>();
      results.add(queries.byOwner("ann"));
      results.add(queries.find("p1"));
      results.add(queries.find("nope"));
      results.add(queries.get("p3"));
      try (Stream<Parcel> all = queries.streamAll()) {
        results.add(all.collect(Collectors.toList()));
      }
      results.add(queries.rows());
      results.add(queries.byIds(List.of("p3", "p1")));
      results.add(queries.scannedAt("north"));
      results.add(queries.scansAt("north"));
      assertThat(queries.get("p1").label()).isEqualTo("fragile");
      assertThat(queries.scansAt("south").get(0).station()).isEqualTo("south");
      return results;
    }
  }

  private static List<String> columnsOf(Path file) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info('parcels')")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  private static Parcel parcel(String id, String owner, String label, long weight, Instant at) {
    return new Parcel(id, owner, label, weight, at);
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
