package dev.flujo.runtime.internal.schema;

import dev.flujo.runtime.ColumnDefinition;
import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.IndexDefinition;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TableDefinition;
import dev.flujo.runtime.internal.schema.FileTable.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Carries out a {@link dev.flujo.runtime.TableRebuild}: SQLite's 12-step table rebuild. */
public final class TableRebuilder {
  private static final String SAVEPOINT = "\"flujo_table_rebuild\"";

  private final TableDefinition target;
  private final Map<String, String> expressions;

  private TableRebuilder(TableDefinition target, Map<String, String> expressions) {
    this.target = target;
    this.expressions = expressions;
  }

  /**
   * Rebuilds {@code target}'s table on {@code connection}, filling columns named (in lower case) in
   * {@code expressions} from those SQL expressions.
   */
  public static void run(
      Connection connection, TableDefinition target, Map<String, String> expressions)
      throws SQLException {
    new TableRebuilder(target, Map.copyOf(expressions)).run(connection);
  }

  private void run(Connection connection) throws SQLException {
    boolean restoreForeignKeys = false;
    if (pragma(connection, "foreign_keys") != 0) {
      execute(connection, "PRAGMA foreign_keys = OFF");
      if (pragma(connection, "foreign_keys") != 0) {
        throw new IllegalStateException(
            "TableRebuild needs foreign keys off, and PRAGMA foreign_keys cannot change inside a"
                + " transaction: run it in a Migration step, or switch foreign keys off before"
                + " the transaction begins");
      }
      restoreForeignKeys = true;
    }
    try {
      execute(connection, "SAVEPOINT " + SAVEPOINT);
      try {
        rebuild(connection);
        execute(connection, "RELEASE " + SAVEPOINT);
      } catch (SQLException | RuntimeException | Error e) {
        try {
          execute(connection, "ROLLBACK TO " + SAVEPOINT);
          execute(connection, "RELEASE " + SAVEPOINT);
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } finally {
      if (restoreForeignKeys) {
        execute(connection, "PRAGMA foreign_keys = ON");
      }
    }
  }

  private void rebuild(Connection connection) throws SQLException {
    FileTable old = FileTable.read(connection, target.name());
    if (old == null) {
      throw new IllegalStateException(
          "table " + target.name() + " does not exist; nothing to rebuild");
    }
    String temporary = "flujo$rebuild$" + target.name();
    if (FileTable.object(connection, temporary) != null) {
      throw new IllegalStateException(
          "cannot rebuild " + target.name() + ": an object named " + temporary + " exists");
    }
    List<String> into = new ArrayList<>();
    List<String> select = new ArrayList<>();
    for (ColumnDefinition c : target.columns()) {
      String expression = expressions.get(c.name().toLowerCase(Locale.ROOT));
      if (expression == null && old.column(c.name()) != null) {
        expression = Ddl.quote(old.column(c.name()).name());
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
      into.add(Ddl.quote(c.name()));
      select.add(expression);
    }
    if (keepsRowId(old)) {
      into.add(0, "rowid");
      select.add(0, "rowid");
    }
    List<SchemaObject> attached = new ArrayList<>();
    for (SchemaObject o : FileTable.attached(connection, old.name())) {
      if (!o.type().equals("index") || !declaresIndex(o.name())) {
        attached.add(o);
      }
    }
    execute(connection, Ddl.renameCreateTable(target.createTableSql(), temporary));
    execute(
        connection,
        "INSERT INTO "
            + Ddl.quote(temporary)
            + " ("
            + String.join(", ", into)
            + ") SELECT "
            + String.join(", ", select)
            + " FROM "
            + Ddl.quote(old.name()));
    execute(connection, "DROP TABLE " + Ddl.quote(old.name()));
    int legacy = pragma(connection, "legacy_alter_table");
    execute(connection, "PRAGMA legacy_alter_table = ON");
    try {
      execute(
          connection,
          "ALTER TABLE " + Ddl.quote(temporary) + " RENAME TO " + Ddl.quote(target.name()));
    } finally {
      execute(connection, "PRAGMA legacy_alter_table = " + (legacy != 0 ? "ON" : "OFF"));
    }
    for (String index : target.createIndexSql()) {
      execute(connection, index);
    }
    for (SchemaObject o : attached) {
      execute(connection, o.sql());
    }
    checkForeignKeys(connection, target.name());
  }

  /**
   * Checks the foreign keys of {@code table} and of every table referring to it.
   *
   * @throws ConstraintViolationException naming the first violations
   */
  public static void checkForeignKeys(Connection connection, String table) throws SQLException {
    List<String> tables = new ArrayList<>();
    tables.add(table);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT DISTINCT m.name FROM main.sqlite_schema m, pragma_foreign_key_list(m.name) f"
                + " WHERE m.type = 'table' AND f.\"table\" = ? COLLATE NOCASE ORDER BY m.name")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(1).equalsIgnoreCase(table)) {
            tables.add(rs.getString(1));
          }
        }
      }
    }
    List<String> violations = new ArrayList<>();
    for (String t : tables) {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA main.foreign_key_check(" + Ddl.quote(t) + ")")) {
        while (rs.next() && violations.size() < 5) {
          violations.add(
              "row "
                  + rs.getString(2)
                  + " of "
                  + rs.getString(1)
                  + " refers to a missing row of "
                  + rs.getString(3));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(
          "foreign keys broken after changing table "
              + table
              + ": "
              + String.join("; ", violations),
          null,
          table,
          null,
          StateException.NO_RESULT_CODE);
    }
  }

  private boolean keepsRowId(FileTable old) {
    if (old.withoutRowId() || target.withoutRowId()) {
      return false;
    }
    for (String alias : new String[] {"rowid", "_rowid_", "oid"}) {
      if (target.column(alias) != null || old.column(alias) != null) {
        return false;
      }
    }
    List<ColumnDefinition> key = target.primaryKey();
    return !(key.size() == 1 && key.get(0).type().equalsIgnoreCase("INTEGER"));
  }

  private boolean declaresIndex(String name) {
    for (IndexDefinition index : target.indexes()) {
      if (index.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static int pragma(Connection connection, String name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }
}
