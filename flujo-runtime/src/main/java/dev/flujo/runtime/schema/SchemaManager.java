package dev.flujo.runtime.schema;

import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.Migration;
import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.TableRebuild;
import dev.flujo.runtime.error.SqliteErrors;
import dev.flujo.runtime.schema.FileTable.FileIndex;
import dev.flujo.runtime.schema.FileTable.SchemaObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema in line with the declared tables at open, in one {@code IMMEDIATE}
 * transaction with foreign keys off:
 *
 * <ol>
 *   <li>reads {@link SchemaMetadata} and refuses a file written by a newer metadata format;
 *   <li>for each table: runs the user's {@link Migration} step registered for the fingerprint the
 *       file records (if it differs from the code's), then compares the file's table with the
 *       definition ({@link SchemaDiff}) and the indexes with the declared ones;
 *   <li>refuses, before changing anything, if any table differs in a way Flujo does not migrate;
 *   <li>otherwise drops the indexes Flujo created that are no longer declared (or changed), creates
 *       missing tables, adds addable columns, rebuilds tables whose {@code CHECK} was only widened,
 *       creates missing indexes and records fingerprints and index ownership;
 *   <li>commits. Any failure rolls everything back, the user's steps included.
 * </ol>
 *
 * Two processes opening the same file serialize on the {@code IMMEDIATE} transaction; the second
 * finds the work done.
 */
public final class SchemaManager {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);

  /**
   * A user migration step registered on the builder.
   *
   * @param table the table it migrates
   * @param fromFingerprint the fingerprint the file must record for the step to run, or {@link
   *     Migration#UNRECORDED}
   * @param migration the step
   */
  public record Step(String table, String fromFingerprint, Migration migration) {
    /** Validates the step. */
    public Step {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(fromFingerprint, "fromFingerprint");
      Objects.requireNonNull(migration, "migration");
    }
  }

  private final Connection connection;
  private final String file;
  private final List<TableDefinition> tables;
  private final List<Step> steps;
  private final List<String> changes = new ArrayList<>();

  private SchemaManager(
      Connection connection, String file, List<TableDefinition> tables, List<Step> steps) {
    this.connection = connection;
    this.file = file;
    this.tables = tables;
    this.steps = steps;
  }

  /**
   * Evolves the schema of the database behind {@code connection}.
   *
   * @param file the database, for messages
   * @return what was changed, one line each, empty if nothing was
   * @throws SchemaMismatchException if a table differs in a way Flujo does not migrate, a migration
   *     step fails, or the file was written by a newer Flujo
   * @throws IllegalStateException if a step is registered for a table not in {@code tables}, or
   *     from the code's own fingerprint
   */
  public static List<String> apply(
      Connection connection, String file, List<TableDefinition> tables, List<Step> steps) {
    validate(tables, steps);
    SchemaManager manager = new SchemaManager(connection, file, tables, steps);
    try {
      return manager.inTransaction();
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "evolving the schema of " + file, null);
    }
  }

  /**
   * Checks that every step names a table in {@code tables} and does not start from the code's own
   * fingerprint.
   *
   * @throws IllegalStateException if one does
   */
  public static void validate(List<TableDefinition> tables, List<Step> steps) {
    for (Step step : steps) {
      TableDefinition table = find(tables, step.table());
      if (table == null) {
        throw new IllegalStateException(
            String.format(SchemaMessages.STEP_FOR_UNKNOWN_TABLE, step.table()));
      }
      if (table.fingerprint().equals(step.fromFingerprint())) {
        throw new IllegalStateException(
            String.format(SchemaMessages.STEP_FROM_CURRENT, step.table(), step.fromFingerprint()));
      }
    }
  }

  private List<String> inTransaction() throws SQLException {
    boolean foreignKeys = pragma("foreign_keys") != 0;
    if (foreignKeys) {
      execute("PRAGMA foreign_keys = OFF");
    }
    Throwable failure = null;
    try {
      execute("BEGIN IMMEDIATE");
      try {
        evolve();
        execute("COMMIT");
      } catch (SQLException | RuntimeException | Error e) {
        try {
          execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (foreignKeys) {
        try {
          execute("PRAGMA foreign_keys = ON");
        } catch (SQLException e) {
          if (failure == null) {
            throw e;
          }
          failure.addSuppressed(e);
        }
      }
    }
    for (String change : changes) {
      LOG.info("{}: {}", file, change);
    }
    return List.copyOf(changes);
  }

  /** One table's planned work. */
  private static final class Plan {
    final TableDefinition table;
    final String stored;
    final List<String> refusals = new ArrayList<>();
    final List<String> dropIndexes = new ArrayList<>();
    final List<String> forgetIndexes = new ArrayList<>();
    final List<IndexDefinition> createIndexes = new ArrayList<>();
    final List<IndexDefinition> adoptIndexes = new ArrayList<>();
    boolean create;
    SchemaDiff diff;
    String stepFrom;

    Plan(TableDefinition table, String stored) {
      this.table = table;
      this.stored = stored;
    }
  }

  private void evolve() throws SQLException {
    SchemaMetadata metadata = SchemaMetadata.read(connection, file);
    if (tables.isEmpty()) {
      return;
    }
    List<Plan> plans = new ArrayList<>();
    StringBuilder refused = new StringBuilder();
    String firstRefused = null;
    for (TableDefinition table : tables) {
      Plan plan = plan(table, metadata);
      plans.add(plan);
      if (!plan.refusals.isEmpty()) {
        if (firstRefused == null) {
          firstRefused = table.name();
        } else {
          refused.append("\n\n");
        }
        refused.append(refusal(plan));
      }
    }
    if (firstRefused != null) {
      throw new SchemaMismatchException(refused.toString(), firstRefused);
    }
    metadata.create(connection);
    for (Plan plan : plans) {
      carryOut(plan, metadata);
    }
  }

  private Plan plan(TableDefinition table, SchemaMetadata metadata) throws SQLException {
    String stored = metadata.fingerprint(table.name());
    Plan plan = new Plan(table, stored);
    FileTable existing = FileTable.read(connection, table.name());
    if (existing != null && !table.fingerprint().equals(stored)) {
      String from = stored == null ? Migration.UNRECORDED : stored;
      Step step = step(table.name(), from);
      if (step != null) {
        dropStaleIndexes(table, metadata);
        runStep(step);
        plan.stepFrom = from;
        existing = FileTable.read(connection, table.name());
      }
    }
    if (existing == null) {
      SchemaObject other = FileTable.object(connection, table.name());
      if (other != null) {
        plan.refusals.add(String.format(SchemaMessages.NOT_A_TABLE, other.type()));
        return plan;
      }
      plan.create = true;
    } else {
      plan.diff = SchemaDiff.compare(table, existing);
      plan.refusals.addAll(plan.diff.refusals());
    }
    for (IndexDefinition index : table.indexes()) {
      SchemaObject object = FileTable.object(connection, index.name());
      if (object == null) {
        plan.createIndexes.add(index);
        continue;
      }
      if (!object.type().equals("index") || !object.tableName().equalsIgnoreCase(table.name())) {
        String owner =
            object.type().equals("index")
                ? "an index on table \"" + object.tableName() + "\""
                : object.type();
        plan.refusals.add(
            String.format(SchemaMessages.INDEX_NAME_TAKEN, index.name(), owner, object.name()));
        continue;
      }
      FileIndex found = existing == null ? null : existing.index(index.name());
      if (found != null && same(found, index)) {
        if (!metadata.owns(index.name())) {
          plan.adoptIndexes.add(index);
        }
      } else if (metadata.owns(index.name())) {
        plan.dropIndexes.add(object.name());
        plan.createIndexes.add(index);
      } else {
        plan.refusals.add(
            String.format(
                SchemaMessages.INDEX_NOT_OURS,
                index.name(),
                object.sql() == null ? "an index of that name" : object.sql(),
                index.createSql()));
      }
    }
    for (String owned : metadata.ownedIndexes(table.name())) {
      if (declaresIndex(table, owned)) {
        continue;
      }
      plan.forgetIndexes.add(owned);
      SchemaObject object = FileTable.object(connection, owned);
      if (object != null
          && object.type().equals("index")
          && object.tableName().equalsIgnoreCase(table.name())) {
        plan.dropIndexes.add(object.name());
      }
    }
    return plan;
  }

  /**
   * Drops, before a migration step runs, the indexes Flujo created on {@code table} that the code
   * no longer declares: they would be dropped afterwards anyway, and a step that rebuilds the table
   * without a column they use would otherwise fail to recreate them.
   */
  private void dropStaleIndexes(TableDefinition table, SchemaMetadata metadata)
      throws SQLException {
    for (String owned : metadata.ownedIndexes(table.name())) {
      SchemaObject object = FileTable.object(connection, owned);
      if (!declaresIndex(table, owned)
          && object != null
          && object.type().equals("index")
          && object.tableName().equalsIgnoreCase(table.name())) {
        execute("DROP INDEX " + Ddl.quote(object.name()));
        changes.add("dropped index \"" + object.name() + "\" of table " + Ddl.quote(table.name()));
      }
    }
  }

  private void runStep(Step step) {
    try {
      step.migration().migrate(connection);
      TableRebuild.checkForeignKeys(connection, step.table());
    } catch (SQLException | RuntimeException e) {
      throw new SchemaMismatchException(
          String.format(
              SchemaMessages.STEP_FAILED,
              step.table(),
              step.fromFingerprint(),
              e.getMessage() == null ? e.getClass().getName() : e.getMessage()),
          step.table(),
          e);
    }
    changes.add(
        "ran the migration step for table \""
            + step.table()
            + "\" from fingerprint "
            + step.fromFingerprint());
  }

  /** The first rows breaking a column {@code CHECK} of {@code table}, as {@code column = value}. */
  private String checkViolations(TableDefinition table) throws SQLException {
    List<String> found = new ArrayList<>();
    for (var column : table.columns()) {
      if (column.check() == null) {
        continue;
      }
      String sql =
          "SELECT DISTINCT "
              + Ddl.quote(column.name())
              + " FROM "
              + Ddl.quote(table.name())
              + " WHERE NOT ("
              + column.check()
              + ") LIMIT 3";
      try (var s = connection.createStatement();
          var rs = s.executeQuery(sql)) {
        while (rs.next()) {
          found.add("\"" + column.name() + "\" = '" + rs.getString(1) + "'");
        }
      }
    }
    return found.isEmpty() ? "(the rows could not be found)" : String.join(", ", found);
  }

  private void carryOut(Plan plan, SchemaMetadata metadata) throws SQLException {
    TableDefinition table = plan.table;
    String name = Ddl.quote(table.name());
    for (String index : plan.dropIndexes) {
      execute("DROP INDEX IF EXISTS " + Ddl.quote(index));
      changes.add("dropped index \"" + index + "\" of table " + name);
    }
    if (plan.create) {
      execute(table.createTableSql());
      changes.add("created table " + name);
    } else if (plan.diff.needsRebuild()) {
      try {
        TableRebuild.of(table).run(connection);
      } catch (SQLException e) {
        if ((SqliteErrors.resultCode(e) & 0xff) != SqliteErrors.CONSTRAINT) {
          throw e;
        }
        throw new SchemaMismatchException(
            "table "
                + name
                + " cannot be rebuilt to widen "
                + String.join("; ", plan.diff.widened())
                + ": rows of the file break the code's CHECK constraints, so they were stored"
                + " without them (PRAGMA ignore_check_constraints, or by another program): "
                + checkViolations(table)
                + ". Repair or delete those rows, then open again. Nothing was changed",
            table.name(),
            e);
      }
      List<String> what = new ArrayList<>(plan.diff.widened());
      for (var column : plan.diff.added()) {
        what.add("added column \"" + column.name() + "\"");
      }
      changes.add("rebuilt table " + name + ": " + String.join("; ", what));
    } else {
      Ddl.TableDdl ddl = Ddl.parseCreateTable(table.createTableSql());
      for (var column : plan.diff.added()) {
        Ddl.ColumnDdl definition = ddl.column(column.name());
        try {
          execute("ALTER TABLE " + name + " ADD COLUMN " + definition.text());
        } catch (SQLException e) {
          if (SqliteErrors.isCorruption(e) || SqliteErrors.isTransient(e)) {
            throw e;
          }
          throw new SchemaMismatchException(
              String.format(
                  SchemaMessages.ADD_COLUMN_FAILED, column.name(), table.name(), e.getMessage()),
              table.name(),
              e);
        }
        changes.add("added column \"" + column.name() + "\" to table " + name);
      }
    }
    for (IndexDefinition index : plan.createIndexes) {
      if (FileTable.object(connection, index.name()) == null) {
        execute(index.createSql());
        changes.add("created index \"" + index.name() + "\" on table " + name);
      }
      metadata.recordIndex(connection, index.name(), table.name());
    }
    for (IndexDefinition index : plan.adoptIndexes) {
      metadata.recordIndex(connection, index.name(), table.name());
    }
    for (String index : plan.forgetIndexes) {
      metadata.forgetIndex(connection, index);
    }
    if (!table.fingerprint().equals(plan.stored)) {
      metadata.recordTable(connection, table.name(), table.fingerprint());
    }
  }

  private String refusal(Plan plan) {
    TableDefinition table = plan.table;
    StringBuilder b =
        new StringBuilder(String.format(SchemaMessages.TABLE_MISMATCH, table.name(), file));
    for (String r : plan.refusals) {
      b.append(String.format(SchemaMessages.ITEM, r));
    }
    if (plan.diff == null) {
      return b.append(SchemaMessages.HOW_TO_PROCEED_NAME_TAKEN).toString();
    }
    if (plan.stored == null) {
      b.append(String.format(SchemaMessages.FINGERPRINT_NONE, table.fingerprint()));
    } else if (plan.stored.equals(table.fingerprint())) {
      b.append(String.format(SchemaMessages.FINGERPRINT_SAME, table.fingerprint()));
    } else {
      b.append(String.format(SchemaMessages.FINGERPRINT_OTHER, plan.stored, table.fingerprint()));
    }
    if (plan.stepFrom != null) {
      b.append(String.format(SchemaMessages.AFTER_STEP, plan.stepFrom));
    }
    if (table.fingerprint().equals(plan.stored)) {
      b.append(SchemaMessages.HOW_TO_PROCEED_CHANGED_OUTSIDE);
    } else {
      b.append(
          String.format(
              SchemaMessages.HOW_TO_PROCEED,
              table.name(),
              plan.stored == null ? Migration.UNRECORDED : plan.stored));
    }
    return b.toString();
  }

  private static boolean same(FileIndex found, IndexDefinition declared) {
    if (!found.plain() || found.partial() || found.unique() != declared.unique()) {
      return false;
    }
    if (found.columns().size() != declared.columns().size()) {
      return false;
    }
    for (int i = 0; i < found.columns().size(); i++) {
      if (!declared.columns().get(i).equalsIgnoreCase(found.columns().get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean declaresIndex(TableDefinition table, String index) {
    for (IndexDefinition declared : table.indexes()) {
      if (declared.name().equalsIgnoreCase(index)) {
        return true;
      }
    }
    return false;
  }

  private Step step(String table, String from) {
    for (Step step : steps) {
      if (step.table().equalsIgnoreCase(table) && step.fromFingerprint().equals(from)) {
        return step;
      }
    }
    return null;
  }

  private static TableDefinition find(List<TableDefinition> tables, String name) {
    for (TableDefinition t : tables) {
      if (t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }

  private int pragma(String name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
