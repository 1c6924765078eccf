package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.Migration;
import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.internal.notify.PgChangeListener;
import dev.flujo.runtime.internal.schema.SchemaManager;
import dev.flujo.runtime.internal.schema.SchemaMessages;
import dev.flujo.runtime.internal.schema.SchemaMetadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema lifecycle on PostgreSQL, in one transaction under an advisory lock, so that of many
 * application instances opening at once exactly one applies a change and the others then find it
 * done: the metadata table, new tables and indexes, added nullable or defaulted columns, migration
 * steps, and refusal of every other difference with the same messages as on SQLite. Columns the
 * database has and the code does not declare are tolerated when rows the code inserts can leave
 * them out (nullable or defaulted), as during a rolling upgrade.
 */
public final class PgSchema {
  /** The advisory lock key every Flujo instance takes while it changes a database's schema. */
  public static final long LOCK_KEY = 0x466C756A6F5363L;

  private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);

  private final Connection connection;
  private final String database;
  private final List<SchemaManager.Step> steps;
  private final boolean dryRun;
  private final List<String> changes = new ArrayList<>();

  private PgSchema(
      Connection connection, String database, List<SchemaManager.Step> steps, boolean dryRun) {
    this.connection = connection;
    this.database = database;
    this.steps = steps;
    this.dryRun = dryRun;
  }

  /** Notes a change, as a plan says it ({@code planned}) or as a log says it ({@code done}). */
  private void change(String planned, String done) {
    changes.add(dryRun ? planned : done);
  }

  /**
   * Creates or evolves {@code tables} and commits, or changes nothing and throws.
   *
   * @return what was changed, one line each
   * @throws SchemaMismatchException if a table differs in a way Flujo does not migrate, or a step
   *     fails
   * @throws SQLException if the server fails
   */
  public static List<String> apply(
      Connection connection,
      String database,
      List<TableDefinition> tables,
      List<SchemaManager.Step> steps)
      throws SQLException {
    return run(connection, database, tables, steps, false);
  }

  /**
   * What {@link #apply} would change, found by doing it and rolling it back (PostgreSQL's DDL is
   * transactional): nothing is left changed. It takes the same locks as {@code apply} while it
   * runs.
   *
   * @throws SchemaMismatchException if {@code apply} would refuse
   */
  public static List<String> plan(
      Connection connection, String database, List<TableDefinition> tables) throws SQLException {
    return run(connection, database, tables, List.of(), true);
  }

  private static List<String> run(
      Connection connection,
      String database,
      List<TableDefinition> tables,
      List<SchemaManager.Step> steps,
      boolean dryRun)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    int isolation = connection.getTransactionIsolation();
    // the advisory lock serializes the instances; each statement must then see what the previous
    // holder committed, which a serializable snapshot taken before the lock was granted would not
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    connection.setAutoCommit(false);
    try {
      PgSchema schema = new PgSchema(connection, database, steps, dryRun);
      schema.run(tables);
      if (dryRun) {
        connection.rollback();
      } else {
        connection.commit();
      }
      return schema.changes;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
      connection.setTransactionIsolation(isolation);
    }
  }

  private void run(List<TableDefinition> tables) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
    SchemaMetadata metadata =
        SchemaMetadata.read(connection, database, exists(SchemaMetadata.TABLE));
    if (!metadata.exists()) {
      change(
          "create table \"" + SchemaMetadata.TABLE + "\" (Flujo's schema metadata)",
          "created table \"" + SchemaMetadata.TABLE + "\" (Flujo's schema metadata)");
    }
    metadata.createOnServer(connection);
    for (TableDefinition table : tables) {
      evolve(table, metadata);
    }
    if (!dryRun && !changes.isEmpty()) {
      try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        notify.setString(1, PgChangeListener.CHANNEL);
        notify.setString(2, PgChangeListener.payload("schema", null));
        notify.execute();
      }
    }
  }

  private void evolve(TableDefinition table, SchemaMetadata metadata) throws SQLException {
    Map<String, LiveColumn> live = columns(table.name());
    String recorded = metadata.fingerprint(table.name());
    if (live.isEmpty()) {
      execute(PgDdl.createTable(table));
      change("create table " + PgDdl.quote(table.name()), "created table " + PgDdl.quote(table.name()));
      createIndexes(table, metadata);
      metadata.recordTable(connection, table.name(), table.fingerprint());
      return;
    }
    String ranStep = null;
    if (!table.fingerprint().equals(recorded)) {
      SchemaManager.Step step =
          step(table.name(), recorded == null ? Migration.UNRECORDED : recorded);
      if (step != null) {
        runStep(step);
        ranStep = step.fromFingerprint();
        live = columns(table.name());
      }
    }
    List<String> refused = new ArrayList<>();
    List<ColumnDefinition> toAdd = new ArrayList<>();
    for (ColumnDefinition c : table.columns()) {
      LiveColumn found = live.get(c.name().toLowerCase(Locale.ROOT));
      if (found == null) {
        if (c.isPrimaryKey()) {
          refused.add(
              String.format(
                  SchemaMessages.COLUMN_NOT_ADDABLE,
                  c.name(),
                  PgDdl.columnDefinition(c),
                  SchemaMessages.NOT_ADDABLE_KEY));
        } else if (c.notNull() && (c.defaultValue() == null
            || c.defaultValue().trim().equalsIgnoreCase("NULL"))) {
          refused.add(
              String.format(
                  SchemaMessages.COLUMN_NOT_ADDABLE,
                  c.name(),
                  PgDdl.columnDefinition(c),
                  SchemaMessages.NOT_ADDABLE_NOT_NULL));
        } else {
          toAdd.add(c);
        }
        continue;
      }
      List<String> reasons = new ArrayList<>();
      if (!found.type.equals(expectedType(c))) {
        reasons.add("type " + found.type + " instead of " + c.columnType().postgresType());
      }
      if (found.notNull != c.notNull()) {
        reasons.add(c.notNull() ? "nullable instead of NOT NULL" : "NOT NULL instead of nullable");
      }
      if (!reasons.isEmpty()) {
        refused.add(
            String.format(
                SchemaMessages.COLUMN_DIFFERS,
                c.name(),
                found.describe(),
                PgDdl.columnDefinition(c),
                String.join(", ", reasons)));
      }
    }
    for (LiveColumn extra : live.values()) {
      if (table.column(extra.name) == null && extra.notNull && extra.defaultValue == null) {
        refused.add(String.format(SchemaMessages.COLUMN_REMOVED, extra.name, extra.describe()));
      }
    }
    List<String> liveKey = primaryKey(table.name());
    List<String> declaredKey = new ArrayList<>();
    for (ColumnDefinition c : table.primaryKey()) {
      declaredKey.add(c.name().toLowerCase(Locale.ROOT));
    }
    if (!liveKey.equals(declaredKey)) {
      refused.add(
          String.format(
              SchemaMessages.KEY_CHANGED, String.join(", ", liveKey), String.join(", ", declaredKey)));
    }
    if (!refused.isEmpty()) {
      throw refusal(table, metadata, recorded, ranStep, refused);
    }
    for (ColumnDefinition c : toAdd) {
      execute(
          "ALTER TABLE " + PgDdl.quote(table.name()) + " ADD COLUMN " + PgDdl.columnDefinition(c));
      String what = "column \"" + c.name() + "\" to table " + PgDdl.quote(table.name());
      change("add " + what, "added " + what);
    }
    createIndexes(table, metadata);
    if (!table.fingerprint().equals(recorded)) {
      metadata.recordTable(connection, table.name(), table.fingerprint());
      if (recorded != null) {
        String what = "fingerprint " + table.fingerprint() + " of table " + PgDdl.quote(table.name());
        change("record " + what, "recorded " + what);
      }
    }
  }

  private SchemaMismatchException refusal(
      TableDefinition table,
      SchemaMetadata metadata,
      String recorded,
      String ranStep,
      List<String> refused) {
    StringBuilder m =
        new StringBuilder(String.format(SchemaMessages.TABLE_MISMATCH, table.name(), database));
    for (String item : refused) {
      m.append(String.format(SchemaMessages.ITEM, item));
    }
    boolean newer = recorded != null && metadata.superseded(table.name(), table.fingerprint());
    if (recorded == null) {
      m.append(String.format(SchemaMessages.FINGERPRINT_NONE, table.fingerprint()));
    } else if (newer) {
      m.append(String.format(SchemaMessages.FINGERPRINT_NEWER, recorded, table.fingerprint()));
    } else if (recorded.equals(table.fingerprint())) {
      m.append(String.format(SchemaMessages.FINGERPRINT_SAME, recorded));
    } else {
      m.append(String.format(SchemaMessages.FINGERPRINT_OTHER, recorded, table.fingerprint()));
    }
    if (ranStep != null) {
      m.append(String.format(SchemaMessages.AFTER_STEP, ranStep));
    }
    if (newer) {
      m.append(SchemaMessages.HOW_TO_PROCEED_NEWER);
    } else {
      m.append(
          String.format(
              SchemaMessages.HOW_TO_PROCEED,
              table.name(),
              recorded == null ? Migration.UNRECORDED : recorded,
              table.reference()));
    }
    String message = m.toString().replace("the file", "the database").replace("The file", "The database");
    return new SchemaMismatchException(message, table.name());
  }

  private void runStep(SchemaManager.Step step) throws SQLException {
    try {
      step.migration().migrate(connection);
    } catch (SQLException | RuntimeException e) {
      throw new SchemaMismatchException(
          String.format(
              SchemaMessages.STEP_FAILED, step.table(), step.fromFingerprint(), e.getMessage()),
          step.table(),
          e);
    }
    change(
        "run the migration step for table " + step.table(),
        "ran the migration step for table " + step.table() + " from " + step.fromFingerprint());
    LOG.info("ran the migration step for {} from {}", step.table(), step.fromFingerprint());
  }

  private SchemaManager.Step step(String table, String from) {
    for (SchemaManager.Step s : steps) {
      if (s.table().equalsIgnoreCase(table) && s.fromFingerprint().equals(from)) {
        return s;
      }
    }
    return null;
  }

  private void createIndexes(TableDefinition table, SchemaMetadata metadata) throws SQLException {
    for (IndexDefinition index : table.indexes()) {
      if (!exists(index.name())) {
        execute(index.createSql());
        String what = "index \"" + index.name() + "\" on table " + PgDdl.quote(table.name());
        change("create " + what, "created " + what);
      }
      if (!metadata.owns(index.name())) {
        metadata.recordIndex(connection, index.name(), table.name());
      }
    }
  }

  private static String expectedType(ColumnDefinition c) {
    switch (c.columnType()) {
      case TIMESTAMP:
        return "timestamp with time zone";
      default:
        return c.columnType().postgresType();
    }
  }

  private boolean exists(String relation) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, PgDdl.quote(relation));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private Map<String, LiveColumn> columns(String table) throws SQLException {
    Map<String, LiveColumn> columns = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT column_name, data_type, is_nullable, column_default"
                + " FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?"
                + " ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LiveColumn c =
              new LiveColumn(
                  rs.getString(1), rs.getString(2), "NO".equals(rs.getString(3)), rs.getString(4));
          columns.put(c.name.toLowerCase(Locale.ROOT), c);
        }
      }
    }
    return columns;
  }

  private List<String> primaryKey(String table) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_index i"
                + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.pos")) {
      ps.setString(1, PgDdl.quote(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return key;
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private static final class LiveColumn {
    final String name;
    final String type;
    final boolean notNull;
    final String defaultValue;

    LiveColumn(String name, String type, boolean notNull, String defaultValue) {
      this.name = name;
      this.type = type;
      this.notNull = notNull;
      this.defaultValue = defaultValue;
    }

    String describe() {
      return PgDdl.quote(name)
          + " "
          + type
          + (notNull ? " NOT NULL" : "")
          + (defaultValue == null ? "" : " DEFAULT " + defaultValue);
    }
  }
}
