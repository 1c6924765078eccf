package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code TableRebuild} on PostgreSQL, whose DDL is transactional: inside a savepoint (or its own
 * transaction on a connection in autocommit) it creates the new table under a temporary name,
 * copies the rows column by column or through the given expressions, drops the old table, renames
 * the new one and its key, and creates the definition's indexes. A failing step leaves the table
 * as it was.
 */
public final class PgTableRebuilder {
  private static final String SAVEPOINT = "flujo_rebuild";

  private PgTableRebuilder() {}

  /** Whether {@code connection} is to a PostgreSQL server. */
  public static boolean isPostgres(Connection connection) throws SQLException {
    return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
  }

  /** Rebuilds {@code target}'s table on {@code connection}. */
  public static void run(
      Connection connection, TableDefinition target, Map<String, String> expressions)
      throws SQLException {
    boolean own = connection.getAutoCommit();
    if (own) {
      connection.setAutoCommit(false);
    } else {
      execute(connection, "SAVEPOINT " + SAVEPOINT);
    }
    try {
      rebuild(connection, target, expressions);
      if (own) {
        connection.commit();
      } else {
        execute(connection, "RELEASE SAVEPOINT " + SAVEPOINT);
      }
    } catch (SQLException | RuntimeException | Error e) {
      try {
        if (own) {
          connection.rollback();
        } else {
          execute(connection, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
          execute(connection, "RELEASE SAVEPOINT " + SAVEPOINT);
        }
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      if (own) {
        connection.setAutoCommit(true);
      }
    }
  }

  private static void rebuild(
      Connection connection, TableDefinition target, Map<String, String> expressions)
      throws SQLException {
    Map<String, String> old = oldColumns(connection, target.name());
    if (old.isEmpty()) {
      throw new IllegalStateException(
          "table " + target.name() + " does not exist; nothing to rebuild");
    }
    String temporary = "flujo$rebuild$" + target.name();
    List<String> into = new ArrayList<>();
    List<String> select = new ArrayList<>();
    for (ColumnDefinition c : target.columns()) {
      String expression = expressions.get(c.name().toLowerCase(Locale.ROOT));
      if (expression == null && old.containsKey(c.name().toLowerCase(Locale.ROOT))) {
        expression = PgDdl.quote(old.get(c.name().toLowerCase(Locale.ROOT)));
      }
      if (expression == null) {
        if (c.notNull() && c.defaultValue() == null) {
          throw new IllegalStateException(
              "column "
                  + c.name()
                  + " of "
                  + target.name()
                  + " is NOT NULL, has no default and no column of that name in the old table:"
                  + " give it a value with column(\""
                  + c.name()
                  + "\", sqlExpression)");
        }
        continue;
      }
      into.add(PgDdl.quote(c.name()));
      select.add(expression);
    }
    execute(connection, PgDdl.createTable(target, temporary));
    execute(
        connection,
        "INSERT INTO "
            + PgDdl.quote(temporary)
            + " ("
            + String.join(", ", into)
            + ") SELECT "
            + String.join(", ", select)
            + " FROM "
            + PgDdl.quote(target.name()));
    execute(connection, "DROP TABLE " + PgDdl.quote(target.name()));
    execute(
        connection,
        "ALTER TABLE " + PgDdl.quote(temporary) + " RENAME TO " + PgDdl.quote(target.name()));
    execute(
        connection,
        "ALTER TABLE "
            + PgDdl.quote(target.name())
            + " RENAME CONSTRAINT "
            + PgDdl.quote(temporary + "_pkey")
            + " TO "
            + PgDdl.quote(target.name() + "_pkey"));
    for (IndexDefinition index : target.indexes()) {
      execute(connection, index.createSql());
    }
  }

  private static Map<String, String> oldColumns(Connection connection, String table)
      throws SQLException {
    Map<String, String> columns = new HashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
