package dev.flujo.runtime;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A user-written step that brings one table from an older schema to one Flujo can finish, for the
 * changes Flujo refuses to make on its own (a column removed, renamed, retyped or made NOT NULL, a
 * key change, WITHOUT ROWID or STRICT toggled). Register it with {@link
 * StateDatabase.Builder#migration(String, String, Migration)} under the table and the fingerprint
 * the file records for it.
 *
 * <p>At {@link StateDatabase.Builder#open()} the step runs inside the one {@code IMMEDIATE}
 * transaction that evolves the schema, with foreign keys off; afterwards Flujo compares the table
 * with the code again, adds what it can and refuses what remains. If the step throws, or a
 * difference remains, the transaction rolls back and the file is left exactly as it was. A step
 * must not commit, roll back or end the transaction; it may use savepoints.
 *
 * <pre>{@code
 * StateDatabase.builder()
 *     .file(path)
 *     .tables(WorkflowStateDao.TABLE)
 *     .migration("workflow_state", "3f1c9a0d5e2b7c41", connection ->
 *         TableRebuild.of(WorkflowStateDao.TABLE)
 *             .column("pipeline_name", "coalesce(\"pipeline\", 'unknown')")
 *             .run(connection))
 *     .open();
 * }</pre>
 */
@FunctionalInterface
public interface Migration {
  /**
   * The fingerprint to register a step under for a table the file has but records no fingerprint
   * for: one created by hand, by another tool, or by a Flujo version that kept no metadata.
   */
  String UNRECORDED = "unrecorded";

  /** Changes the table through {@code connection}, inside the open transaction. */
  void migrate(Connection connection) throws SQLException;
}
