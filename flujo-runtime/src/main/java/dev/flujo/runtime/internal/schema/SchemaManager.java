package dev.flujo.runtime.internal.schema;

import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.Migration;
import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.schema.FileTable.FileIndex;
import dev.flujo.runtime.internal.schema.FileTable.SchemaObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema in line with the declared tables at open.
 *
 * <p>It first compares file and code in a read transaction, which under WAL waits for no writer:
 * when nothing needs changing (the usual open), it returns without taking the write lock, so an
 * open is not held up by another process's long write. Otherwise it compares again and applies the
 * changes in one {@code IMMEDIATE} transaction with foreign keys off (another process may have
 * changed the file in between):
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
 *
 * <p>Rolling upgrades: code whose fingerprint the file records as superseded ({@link
 * SchemaMetadata#superseded}) is an older version opening a file a newer version upgraded. It
 * tolerates what that version added and it can live with (columns its inserts may leave out, wider
 * enum {@code CHECK}s, indexes it does not declare), records nothing and drops nothing; it still
 * adds what it needs itself. Columns the code does not declare but its inserts may leave out are
 * tolerated for any code, so a newer version may stop using a column without a migration.
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
   * What {@link #apply} would do to the database behind {@code connection} with no migration steps,
   * judged in a read transaction that is rolled back: nothing is changed.
   *
   * @param file the database, for messages
   * @return the planned changes, one line each, empty if the file already matches
   * @throws SchemaMismatchException with the message {@link #apply} would throw, if it would refuse
   */
  public static List<String> plan(Connection connection, String file, List<TableDefinition> tables) {
    SchemaManager manager = new SchemaManager(connection, file, tables, List.of());
    try {
      manager.execute("BEGIN");
      List<String> planned;
      try {
        planned = manager.planOnly();
      } catch (SQLException | RuntimeException | Error e) {
        try {
          manager.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      manager.execute("ROLLBACK");
      return planned;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "comparing the schema of " + file, null);
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
    if (upToDate()) {
      return List.of();
    }
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

  /**
   * Whether the file already matches the code, judged in a deferred read transaction that takes no
   * write lock.
   */
  private boolean upToDate() throws SQLException {
    execute("BEGIN");
    boolean upToDate;
    try {
      upToDate = compareOnly();
    } catch (SQLException | RuntimeException | Error e) {
      try {
        execute("ROLLBACK");
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    execute("ROLLBACK");
    return upToDate;
  }

  private boolean compareOnly() throws SQLException {
    SchemaMetadata metadata = SchemaMetadata.read(connection, file);
    if (tables.isEmpty()) {
      return true;
    }
    if (!metadata.exists()) {
      return false;
    }
    List<Plan> plans = new ArrayList<>();
    for (TableDefinition table : tables) {
      Plan plan = plan(table, metadata, true);
      if (!plan.nothingToDo()) {
        return false;
      }
      plans.add(plan);
    }
    for (Plan plan : plans) {
      logTolerated(plan, false);
    }
    return true;
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
    final List<String> keptIndexes = new ArrayList<>();
    boolean create;
    boolean behind;
    boolean stepPending;
    SchemaDiff diff;
    String stepFrom;

    Plan(TableDefinition table, String stored) {
      this.table = table;
      this.stored = stored;
    }

    /** Whether the code's fingerprint is to be recorded. */
    boolean records() {
      return !behind && !table.fingerprint().equals(stored);
    }

    boolean nothingToDo() {
      return refusals.isEmpty()
          && !stepPending
          && !create
          && diff != null
          && diff.added().isEmpty()
          && !diff.needsRebuild()
          && dropIndexes.isEmpty()
          && forgetIndexes.isEmpty()
          && createIndexes.isEmpty()
          && adoptIndexes.isEmpty()
          && !records();
    }
  }

  private void evolve() throws SQLException {
    SchemaMetadata metadata = SchemaMetadata.read(connection, file);
    if (tables.isEmpty()) {
      return;
    }
    List<Plan> plans = new ArrayList<>();
    for (TableDefinition table : tables) {
      plans.add(plan(table, metadata, false));
    }
    refuseIfAny(plans);
    metadata.create(connection);
    for (Plan plan : plans) {
      logTolerated(plan, plan.records());
      carryOut(plan, metadata);
    }
  }

  /** Throws the refusal of every plan that has refusals, if any has. */
  private void refuseIfAny(List<Plan> plans) {
    StringBuilder refused = new StringBuilder();
    String firstRefused = null;
    for (Plan plan : plans) {
      if (!plan.refusals.isEmpty()) {
        if (firstRefused == null) {
          firstRefused = plan.table.name();
        } else {
          refused.append("\n\n");
        }
        refused.append(refusal(plan));
      }
    }
    if (firstRefused != null) {
      throw new SchemaMismatchException(refused.toString(), firstRefused);
    }
  }

  /** The plans of {@link #evolve} as lines, without carrying them out. */
  private List<String> planOnly() throws SQLException {
    SchemaMetadata metadata = SchemaMetadata.read(connection, file);
    if (tables.isEmpty()) {
      return List.of();
    }
    List<Plan> plans = new ArrayList<>();
    for (TableDefinition table : tables) {
      plans.add(plan(table, metadata, true));
    }
    refuseIfAny(plans);
    List<String> planned = new ArrayList<>();
    if (!metadata.exists()) {
      planned.add("create table \"" + SchemaMetadata.TABLE + "\" (Flujo's schema metadata)");
    }
    for (Plan plan : plans) {
      describe(plan, planned);
    }
    return List.copyOf(planned);
  }

  /** What {@link #carryOut} would do for {@code plan}, in the order it would do it. */
  private static void describe(Plan plan, List<String> planned) {
    TableDefinition table = plan.table;
    String name = Ddl.quote(table.name());
    if (plan.stepPending) {
      planned.add("run the migration step for table " + name);
      return;
    }
    for (String index : plan.dropIndexes) {
      planned.add("drop index \"" + index + "\" of table " + name);
    }
    if (plan.create) {
      planned.add("create table " + name);
    } else if (plan.diff.needsRebuild()) {
      List<String> what = new ArrayList<>(plan.diff.widened());
      for (var column : plan.diff.added()) {
        what.add("add column \"" + column.name() + "\"");
      }
      planned.add("rebuild table " + name + ": " + String.join("; ", what));
    } else {
      for (var column : plan.diff.added()) {
        planned.add("add column \"" + column.name() + "\" to table " + name);
      }
    }
    for (IndexDefinition index : plan.createIndexes) {
      planned.add("create index \"" + index.name() + "\" on table " + name);
    }
    for (IndexDefinition index : plan.adoptIndexes) {
      planned.add("record index \"" + index.name() + "\" of table " + name + " as Flujo's");
    }
    for (String index : plan.forgetIndexes) {
      if (!plan.dropIndexes.contains(index)) {
        planned.add("forget index \"" + index + "\" of table " + name);
      }
    }
    if (plan.records()) {
      planned.add(
          "record fingerprint "
              + table.fingerprint()
              + " for table "
              + name
              + (plan.stored == null ? "" : " (the file records " + plan.stored + ")"));
    }
  }

  /**
   * Plans one table's work. With {@code dryRun}, a migration step that would run is not run: the
   * plan is marked {@link Plan#stepPending} and left incomplete.
   */
  private Plan plan(TableDefinition table, SchemaMetadata metadata, boolean dryRun)
      throws SQLException {
    String stored = metadata.fingerprint(table.name());
    Plan plan = new Plan(table, stored);
    FileTable existing = FileTable.read(connection, table.name());
    plan.behind =
        existing != null
            && stored != null
            && !table.fingerprint().equals(stored)
            && metadata.superseded(table.name(), table.fingerprint());
    if (existing != null && !table.fingerprint().equals(stored) && !plan.behind) {
      String from = stored == null ? Migration.UNRECORDED : stored;
      Step step = step(table.name(), from);
      if (step != null && dryRun) {
        plan.stepPending = true;
        return plan;
      }
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
      plan.diff = SchemaDiff.compare(table, existing, plan.behind);
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
      if (plan.behind) {
        plan.keptIndexes.add(owned);
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
      TableRebuilder.checkForeignKeys(connection, step.table());
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
        TableRebuilder.run(connection, table, Map.of());
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
    if (plan.records()) {
      metadata.recordTable(connection, table.name(), table.fingerprint());
    }
  }

  /**
   * Logs what the plan tolerates: at INFO for code older than the file; at WARN when the code's
   * fingerprint is being recorded (a new version meets a column it does not declare, which may be
   * a rename that needs a migration step).
   */
  private void logTolerated(Plan plan, boolean recording) {
    if (plan.diff == null) {
      return;
    }
    List<String> what = new ArrayList<>(plan.diff.tolerated());
    for (String index : plan.keptIndexes) {
      what.add("index \"" + index + "\" is not declared");
    }
    if (what.isEmpty()) {
      return;
    }
    String table = plan.table.name();
    if (plan.behind) {
      LOG.info(
          "{}: table \"{}\" was upgraded by a newer version of the application (fingerprint {};"
              + " this code's is {}); kept as they are: {}",
          file,
          table,
          plan.stored,
          plan.table.fingerprint(),
          String.join("; ", what));
    } else if (recording) {
      LOG.warn(
          "{}: table \"{}\" keeps what the code does not declare: {}. Rows inserted by this code"
              + " leave such columns NULL or at their default, and upserts keep their values. If a"
              + " column was renamed rather than dropped, its values are not copied: register a"
              + " migration step from fingerprint {} (see docs/schema.md).",
          file,
          table,
          String.join("; ", what),
          plan.stored == null ? Migration.UNRECORDED : plan.stored);
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
    if (plan.behind) {
      b.append(String.format(SchemaMessages.FINGERPRINT_NEWER, plan.stored, table.fingerprint()));
      return b.append(SchemaMessages.HOW_TO_PROCEED_NEWER).toString();
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
      b.append(String.format(SchemaMessages.HOW_TO_PROCEED_CHANGED_OUTSIDE, table.reference()));
    } else {
      b.append(
          String.format(
              SchemaMessages.HOW_TO_PROCEED,
              table.name(),
              plan.stored == null ? Migration.UNRECORDED : plan.stored,
              table.reference()));
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
