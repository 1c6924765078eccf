package dev.flujo.runtime.schema;

import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.error.SqliteErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Brings a database's schema in line with the declared tables, in one transaction. */
public final class SchemaManager {
  private SchemaManager() {}

  /** Creates missing tables and indexes inside one {@code IMMEDIATE} transaction. */
  public static void apply(Connection connection, List<TableDefinition> tables) {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        for (TableDefinition table : tables) {
          s.execute(table.createTableSql());
          for (String index : table.createIndexSql()) {
            s.execute(index);
          }
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "creating the schema", null);
    }
  }
}
