package dev.flujo.runtime;

import dev.flujo.runtime.internal.pg.PgTableRebuilder;
import dev.flujo.runtime.internal.schema.TableRebuilder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds a table in the shape of a {@link TableDefinition}, following SQLite's generalized {@code
 * ALTER TABLE} procedure (https://sqlite.org/lang_altertable.html, section 7): with foreign keys
 * off, inside a transaction, it creates the new table under a temporary name, copies the rows,
 * drops the old table, renames the new one, recreates the indexes and triggers, and runs {@code
 * PRAGMA foreign_key_check} before the transaction ends.
 *
 * <p>Each column of the new table is filled from the old table's column of the same name, or from
 * the SQL expression given with {@link #column(String, String)} (evaluated over the old table's
 * row, so it may name old columns). A new column with neither takes its default or NULL. Old
 * columns the definition lacks are dropped. Rows of a rowid table keep their rowid. The code's
 * indexes are created from the definition; the old table's other indexes and its triggers are
 * recreated from their SQL text (drop them first, in the same step, if they refer to a dropped
 * column). Views are left alone and resolve to the new table by name.
 *
 * <p>Use it inside a {@link Migration} step, where Flujo has switched foreign keys off before
 * starting the transaction ({@code PRAGMA foreign_keys} is a no-op inside a transaction). It may
 * also run on a connection outside any transaction, in which case it switches foreign keys off
 * itself, runs in its own transaction and switches them back. The work happens in a savepoint: if
 * any step fails, the table is left as it was and the failure is thrown.
 *
 * <p>On PostgreSQL, whose DDL is transactional, the same call creates the new table under a
 * temporary name, copies the rows the same way, drops the old table, renames the new one and
 * creates the definition's indexes, in a savepoint (or its own transaction).
 */
public final class TableRebuild {
  private final TableDefinition target;
  private final Map<String, String> expressions = new LinkedHashMap<>();

  private TableRebuild(TableDefinition target) {
    this.target = target;
  }

  /** A rebuild of the table {@code target} names into {@code target}'s shape. */
  public static TableRebuild of(TableDefinition target) {
    return new TableRebuild(Objects.requireNonNull(target, "target"));
  }

  /**
   * Fills {@code column} of the new table with {@code sqlExpression}, evaluated over each row of
   * the old table, e.g. {@code column("pipeline_name", "coalesce(\"name\", 'unknown')")}.
   *
   * @throws IllegalArgumentException if the definition has no such column
   */
  public TableRebuild column(String column, String sqlExpression) {
    Objects.requireNonNull(sqlExpression, "sqlExpression");
    ColumnDefinition c = target.column(column);
    if (c == null) {
      throw new IllegalArgumentException(
          "table " + target.name() + " has no column " + column + " in its definition");
    }
    expressions.put(c.name().toLowerCase(Locale.ROOT), sqlExpression);
    return this;
  }

  /**
   * Runs the rebuild on {@code connection}.
   *
   * @throws IllegalStateException if the table does not exist, a column of the new table has no
   *     source and no default, or foreign keys are on inside a transaction
   * @throws ConstraintViolationException if a foreign key of the table, or of a table referring to
   *     it, is broken afterwards
   * @throws SQLException if SQLite refuses a step (for example a copied value breaks a {@code
   *     CHECK} or {@code NOT NULL} of the new table)
   */
  public void run(Connection connection) throws SQLException {
    if (PgTableRebuilder.isPostgres(connection)) {
      PgTableRebuilder.run(connection, target, expressions);
      return;
    }
    TableRebuilder.run(connection, target, expressions);
  }
}
