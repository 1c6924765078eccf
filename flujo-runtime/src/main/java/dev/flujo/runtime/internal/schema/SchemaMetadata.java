package dev.flujo.runtime.internal.schema;

import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flujo's own table in every database file, {@value #TABLE}: one row per key of {@code (kind,
 * name)} with a text value.
 *
 * <ul>
 *   <li>{@code ('format', 'flujo', '1')}: the metadata format. A file with a higher format is
 *       refused.
 *   <li>{@code ('table', <table>, <fingerprint>)}: the fingerprint each table was created or last
 *       migrated to.
 *   <li>{@code ('index', <index>, <table>)}: the indexes Flujo created; only these are ever
 *       dropped.
 *   <li>{@code ('superseded', <table>/<fingerprint>, <fingerprint>)}: a fingerprint the table was
 *       recorded at before, and the one that replaced it. Code whose fingerprint is superseded is an
 *       older version of the application running against a file a newer version upgraded (a
 *       rolling deploy): {@link SchemaManager} lets it run as far as that is safe, and it neither
 *       records its fingerprint nor drops what the newer version added. Versions that do not know
 *       this kind ignore it, so the format stays 1.
 * </ul>
 *
 * Names are stored lower-case. The {@code $} in the table's name cannot appear in a name the
 * processor accepts, so it cannot clash with a user table.
 */
public final class SchemaMetadata {
  /** The metadata table's name. */
  public static final String TABLE = "flujo$schema";

  /** The metadata format this version writes and understands. */
  public static final int FORMAT = 1;

  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS \""
          + TABLE
          + "\" (\n"
          + "  \"kind\" TEXT NOT NULL,\n"
          + "  \"name\" TEXT NOT NULL,\n"
          + "  \"value\" TEXT NOT NULL,\n"
          + "  PRIMARY KEY (\"kind\", \"name\")\n"
          + ") WITHOUT ROWID";

  private final boolean exists;
  private final Map<String, String> fingerprints;
  private final Map<String, String> indexes;
  private final Set<String> superseded;

  private SchemaMetadata(
      boolean exists,
      Map<String, String> fingerprints,
      Map<String, String> indexes,
      Set<String> superseded) {
    this.exists = exists;
    this.fingerprints = fingerprints;
    this.indexes = indexes;
    this.superseded = superseded;
  }

  /**
   * Reads the metadata of the file, refusing a newer or unreadable format.
   *
   * @param file the file, for messages
   * @throws SchemaMismatchException if the file's format is newer than {@link #FORMAT} or the table
   *     cannot be read
   */
  public static SchemaMetadata read(Connection connection, String file) throws SQLException {
    return read(connection, file, FileTable.object(connection, TABLE) != null);
  }

  /**
   * Reads the metadata of a database, {@code exists} saying whether the metadata table is there
   * (the dialect finds out); see {@link #read(Connection, String)}.
   */
  public static SchemaMetadata read(Connection connection, String file, boolean exists)
      throws SQLException {
    if (!exists) {
      return new SchemaMetadata(
          false, new LinkedHashMap<>(), new LinkedHashMap<>(), new HashSet<>());
    }
    Map<String, String> fingerprints = new LinkedHashMap<>();
    Map<String, String> indexes = new LinkedHashMap<>();
    Set<String> superseded = new HashSet<>();
    String format = null;
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"kind\", \"name\", \"value\" FROM \""
                    + TABLE
                    + "\" ORDER BY \"kind\", \"name\"")) {
      while (rs.next()) {
        String kind = rs.getString(1);
        String name = rs.getString(2);
        String value = rs.getString(3);
        if ("format".equals(kind)) {
          format = value;
        } else if ("table".equals(kind)) {
          fingerprints.put(name, value);
        } else if ("index".equals(kind)) {
          indexes.put(name, value);
        } else if ("superseded".equals(kind)) {
          superseded.add(name);
        }
      }
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        throw e;
      }
      throw new SchemaMismatchException(
          String.format(SchemaMessages.UNREADABLE_METADATA, file, e.getMessage()), null, e);
    }
    if (format != null) {
      int version;
      try {
        version = Integer.parseInt(format.trim());
      } catch (NumberFormatException e) {
        version = Integer.MAX_VALUE;
      }
      if (version > FORMAT) {
        throw new SchemaMismatchException(
            String.format(SchemaMessages.NEWER_FORMAT, file, format, FORMAT), null);
      }
    }
    return new SchemaMetadata(true, fingerprints, indexes, superseded);
  }

  /** Whether the file has the metadata table. */
  public boolean exists() {
    return exists;
  }

  /** The fingerprint recorded for {@code table}, or null. */
  public String fingerprint(String table) {
    return fingerprints.get(key(table));
  }

  /**
   * Whether {@code fingerprint} was recorded for {@code table} once and later replaced: code with
   * that fingerprint is older than the file.
   */
  public boolean superseded(String table, String fingerprint) {
    return superseded.contains(supersededKey(table, fingerprint));
  }

  /** Whether Flujo created the index {@code index}. */
  public boolean owns(String index) {
    return indexes.containsKey(key(index));
  }

  /** The indexes Flujo created on {@code table}, lower-case. */
  public List<String> ownedIndexes(String table) {
    List<String> owned = new ArrayList<>();
    for (Map.Entry<String, String> e : indexes.entrySet()) {
      if (e.getValue().equals(key(table))) {
        owned.add(e.getKey());
      }
    }
    return owned;
  }

  /** Creates the table and records the format, if the file has no metadata yet. */
  public void create(Connection connection) throws SQLException {
    create(connection, CREATE);
  }

  /** Creates the table on PostgreSQL, which has no {@code WITHOUT ROWID}. */
  public void createOnServer(Connection connection) throws SQLException {
    create(connection, CREATE.substring(0, CREATE.length() - " WITHOUT ROWID".length()));
  }

  private void create(Connection connection, String createSql) throws SQLException {
    if (exists) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute(createSql);
    }
    put(connection, "format", "flujo", Integer.toString(FORMAT));
  }

  /**
   * Records the fingerprint of {@code table}, and the one it replaces, if any, as superseded by it.
   */
  public void recordTable(Connection connection, String table, String fingerprint)
      throws SQLException {
    String previous = fingerprints.get(key(table));
    if (previous != null && !previous.equals(fingerprint)) {
      put(connection, "superseded", supersededKey(table, previous), fingerprint);
      superseded.add(supersededKey(table, previous));
    }
    put(connection, "table", key(table), fingerprint);
    fingerprints.put(key(table), fingerprint);
  }

  /** Records that Flujo created {@code index} on {@code table}. */
  public void recordIndex(Connection connection, String index, String table) throws SQLException {
    put(connection, "index", key(index), key(table));
    indexes.put(key(index), key(table));
  }

  /** Forgets the index {@code index}. */
  public void forgetIndex(Connection connection, String index) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "DELETE FROM \"" + TABLE + "\" WHERE \"kind\" = 'index' AND \"name\" = ?")) {
      ps.setString(1, key(index));
      ps.executeUpdate();
    }
    indexes.remove(key(index));
  }

  private static void put(Connection connection, String kind, String name, String value)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO \""
                + TABLE
                + "\" (\"kind\", \"name\", \"value\") VALUES (?, ?, ?) ON CONFLICT (\"kind\","
                + " \"name\") DO UPDATE SET \"value\" = excluded.\"value\"")) {
      ps.setString(1, kind);
      ps.setString(2, name);
      ps.setString(3, value);
      ps.executeUpdate();
    }
  }

  private static String supersededKey(String table, String fingerprint) {
    return key(table) + "/" + fingerprint;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
