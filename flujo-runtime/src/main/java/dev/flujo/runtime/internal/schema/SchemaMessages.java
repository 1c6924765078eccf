package dev.flujo.runtime.internal.schema;

/**
 * Every message of the schema lifecycle, in one place so tests assert on the same text users read.
 * Format arguments are filled with {@link String#format}.
 */
public final class SchemaMessages {
  private SchemaMessages() {}

  /** First line of a refusal: table, file. */
  public static final String TABLE_MISMATCH =
      "Table \"%s\" in %s does not match the code, and Flujo changes a table on its own only by"
          + " adding tables, indexes and nullable or defaulted columns:";

  /** A refused difference, one per line under {@link #TABLE_MISMATCH}. */
  public static final String ITEM = "\n  - %s";

  /** Column in both, different: column, file's definition, code's definition, reasons. */
  public static final String COLUMN_DIFFERS =
      "column \"%s\": the file has %s, the code expects %s (%s)";

  /**
   * Column only in the file, which rows inserted by the code could not fill: column, file's
   * definition.
   */
  public static final String COLUMN_REMOVED =
      "column \"%s\": the file has %s, the code does not declare it, and rows this code inserts"
          + " could not fill it (NOT NULL without a default; a newer version added it, or it was"
          + " removed or renamed)";

  /** Column only in the code and not addable: column, code's definition, reason. */
  public static final String COLUMN_NOT_ADDABLE =
      "column \"%s\": the file does not have it, the code expects %s (%s)";

  /** Reason: a key column cannot be added. */
  public static final String NOT_ADDABLE_KEY = "a key column cannot be added to an existing table";

  /** Reason: NOT NULL without a usable default. */
  public static final String NOT_ADDABLE_NOT_NULL =
      "a NOT NULL column needs a non-NULL default to be added to existing rows;"
          + " give it @Column(defaultValue) or make it @Nullable";

  /** Reason: the default is not a constant. */
  public static final String NOT_ADDABLE_EXPRESSION =
      "ALTER TABLE ADD COLUMN cannot add a column whose default is not a constant";

  /** Primary key differs: file's key, code's key. */
  public static final String KEY_CHANGED = "primary key: the file has (%s), the code expects (%s)";

  /** WITHOUT ROWID or STRICT differs: file's option, code's option. */
  public static final String OPTION_CHANGED =
      "table option: the file's table is %s, the code expects %s";

  /** A table constraint only in the file. */
  public static final String CONSTRAINT_REMOVED =
      "table constraint: the file has %s, the code does not declare it";

  /** A table constraint only in the code. */
  public static final String CONSTRAINT_ADDED =
      "table constraint: the code expects %s, the file does not have it";

  /** The table's CREATE TABLE text could not be read. */
  public static final String UNREADABLE_DDL =
      "table definition: the file's CREATE TABLE text could not be read: %s";

  /** Another kind of object holds the table's name: kind. */
  public static final String NOT_A_TABLE =
      "the file has a %s of that name where the code expects a table";

  /** A declared index name is used by another object: index, kind, name. */
  public static final String INDEX_NAME_TAKEN =
      "index \"%s\": the name belongs to %s \"%s\" in the file; rename the index or drop that"
          + " object";

  /** A declared index exists with another definition, not created by Flujo. */
  public static final String INDEX_NOT_OURS =
      "index \"%s\": the file has %s, which Flujo did not create; the code expects %s;"
          + " drop or rename the file's index";

  /** Stored fingerprint differs from the code's: stored, code. */
  public static final String FINGERPRINT_OTHER =
      "\nThe file records schema fingerprint %s for this table; the code's fingerprint is %s.";

  /** The stored fingerprint is from a newer version: stored, code. */
  public static final String FINGERPRINT_NEWER =
      "\nThe file records schema fingerprint %s for this table, written by a newer version of the"
          + " application; this code's fingerprint %s is one that version replaced.";

  /** How to proceed when a newer version wrote the table. */
  public static final String HOW_TO_PROCEED_NEWER =
      "\nTo proceed: run the newer version of the application, or make the newer version's"
          + " changes ones older code can live with (nullable or defaulted columns). Nothing was"
          + " changed.";

  /** No stored fingerprint: code. */
  public static final String FINGERPRINT_NONE =
      "\nThe file records no schema fingerprint for this table (it was created outside Flujo);"
          + " the code's fingerprint is %s.";

  /** Stored fingerprint is the code's own, so the file was changed by hand: fingerprint. */
  public static final String FINGERPRINT_SAME =
      "\nThe file records the code's own fingerprint %s: the table was changed outside Flujo.";

  /** A migration step ran first: the fingerprint it was registered for. */
  public static final String AFTER_STEP =
      "\nThese differences remain after the migration step registered for fingerprint %s ran.";

  /** How to proceed: table, fingerprint to migrate from, the definition's reference in code. */
  public static final String HOW_TO_PROCEED =
      "\nTo proceed: if a newer version of the application wrote this file, open it with that"
          + " version. Otherwise register a migration step for the table, for example"
          + "\n  StateDatabase.builder().migration(\"%s\", \"%s\","
          + " connection -> TableRebuild.of(%s).run(connection))"
          + "\nwhich rebuilds the table in the code's shape, copying columns by name (add"
          + " .column(name, sqlExpression) for renamed or computed columns). See docs/schema.md."
          + " Nothing was changed.";

  /** How to proceed when a name the code needs for a new table or index is taken. */
  public static final String HOW_TO_PROCEED_NAME_TAKEN =
      "\nTo proceed: drop or rename the object in the file that holds the name, or rename the"
          + " table or index in the code. Nothing was changed.";

  /** How to proceed when the file records the code's fingerprint but differs: the reference. */
  public static final String HOW_TO_PROCEED_CHANGED_OUTSIDE =
      "\nTo proceed: undo the change made outside Flujo, or rebuild the table in the code's shape"
          + " with TableRebuild.of(%s).run(connection) on a connection outside a"
          + " transaction (see docs/schema.md). Nothing was changed.";

  /** The file was written by a newer metadata format: file, its format, ours. */
  public static final String NEWER_FORMAT =
      "%s was written by Flujo schema format %s; this version of Flujo understands format %d at"
          + " most. Open it with the newer version of the application that wrote it. Nothing was"
          + " changed.";

  /** The metadata table cannot be read: file, SQLite's message. */
  public static final String UNREADABLE_METADATA =
      "%s has a Flujo metadata table \""
          + SchemaMetadata.TABLE
          + "\" this version of Flujo"
          + " cannot read (%s); it was probably written by a newer version. Nothing was changed.";

  /** A migration step failed: table, fingerprint, message of the failure. */
  public static final String STEP_FAILED =
      "The migration step for table \"%s\" from fingerprint %s failed: %s. Nothing was changed.";

  /** Adding a column failed in SQLite: column, table, SQLite's message. */
  public static final String ADD_COLUMN_FAILED =
      "Column \"%s\" could not be added to table \"%s\": %s. Nothing was changed.";

  /** A migration step is registered for a table that is not opened: table. */
  public static final String STEP_FOR_UNKNOWN_TABLE =
      "a migration step is registered for table \"%s\", which is not among the tables passed to"
          + " tables(...)";

  /** A migration step is registered from the code's own fingerprint: table, fingerprint. */
  public static final String STEP_FROM_CURRENT =
      "the migration step for table \"%s\" starts from fingerprint %s, which is the code's own;"
          + " it would never run. Use the fingerprint the file records (see the"
          + " SchemaMismatchException message or the table's schema snapshot of the older version)";
}
