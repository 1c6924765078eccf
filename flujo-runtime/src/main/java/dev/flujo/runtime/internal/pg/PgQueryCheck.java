package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.QuerySet;
import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.spi.SqlStatement;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the statements of {@code @StateQueries} implementations against a live PostgreSQL
 * server: each is prepared (parsed and described, never executed) and the server's parameter and
 * result types are compared with the ones the generated code binds and reads. SQLite statements
 * are verified by the processor at compile time; a server is the only place PostgreSQL's own
 * forms can be checked.
 */
public final class PgQueryCheck {
  private PgQueryCheck() {}

  /**
   * Checks every statement of {@code sets} on {@code connection}.
   *
   * @throws SchemaMismatchException listing each statement that does not fit, with the reason
   * @throws SQLException if the connection fails
   */
  public static void check(Connection connection, List<QuerySet> sets) throws SQLException {
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (QuerySet set : sets) {
      names.add(set.name());
      for (SqlStatement statement : set.statements()) {
        String problem = problem(connection, statement);
        if (problem != null) {
          problems.add(statement.operation() + ": " + problem);
        }
      }
    }
    if (!problems.isEmpty()) {
      StringBuilder m =
          new StringBuilder("queries of ")
              .append(String.join(", ", names))
              .append(" do not fit the PostgreSQL database:");
      for (String p : problems) {
        m.append("\n  - ").append(p);
      }
      m.append(
          "\nGive the methods a PostgreSQL form where the dialects differ (@Query(value = ...,"
              + " postgres = ...)); see docs/postgresql.md.");
      throw new SchemaMismatchException(m.toString(), null);
    }
  }

  private static String problem(Connection connection, SqlStatement statement)
      throws SQLException {
    String sql = statement.sql(Dialect.POSTGRESQL);
    if (connection.getAutoCommit()) {
      connection.setAutoCommit(false);
    }
    try (PreparedStatement prepared = connection.prepareStatement(sql)) {
      List<String> found = new ArrayList<>();
      List<ColumnType> params = statement.parameterTypes();
      ParameterMetaData pm = prepared.getParameterMetaData();
      if (params != null) {
        if (pm.getParameterCount() != params.size()) {
          return "the server sees "
              + pm.getParameterCount()
              + " parameter(s), the method binds "
              + params.size();
        }
        for (int i = 0; i < params.size(); i++) {
          String serverType = pm.getParameterTypeName(i + 1);
          if (params.get(i) != null && !fits(params.get(i), serverType)) {
            found.add(
                "parameter "
                    + (i + 1)
                    + " is "
                    + serverType
                    + " on the server, the method binds "
                    + params.get(i).postgresType());
          }
        }
      }
      List<String> labels = statement.resultColumns();
      List<ColumnType> results = statement.resultTypes();
      int expected = Math.max(labels.size(), results == null ? 0 : results.size());
      if (expected > 0) {
        ResultSetMetaData rm = prepared.getMetaData();
        int columns = rm == null ? 0 : rm.getColumnCount();
        if (columns < expected) {
          return "it returns " + columns + " column(s), the method reads " + expected;
        }
        for (int i = 0; i < labels.size(); i++) {
          String label = rm.getColumnLabel(i + 1);
          if (!label.equalsIgnoreCase(labels.get(i))) {
            found.add(
                "result column "
                    + (i + 1)
                    + " is \""
                    + label
                    + "\", the method reads \""
                    + labels.get(i)
                    + "\"");
          }
        }
        if (results != null) {
          for (int i = 0; i < results.size(); i++) {
            String serverType = rm.getColumnTypeName(i + 1);
            if (results.get(i) != null && !fits(results.get(i), serverType)) {
              found.add(
                  "result column "
                      + (i + 1)
                      + " is "
                      + serverType
                      + " on the server, the method reads "
                      + results.get(i).postgresType());
            }
          }
        }
      }
      return found.isEmpty() ? null : String.join("; ", found);
    } catch (SQLException e) {
      if (PgErrors.isConnectionFailure(PgErrors.sqlState(e))) {
        throw e;
      }
      return "the server cannot prepare it: " + e.getMessage();
    } finally {
      connection.rollback();
    }
  }

  /** Whether a value of {@code type} binds to, or reads from, the server type {@code serverType}. */
  static boolean fits(ColumnType type, String serverType) {
    String t = serverType == null ? "unknown" : serverType.toLowerCase(Locale.ROOT);
    if (t.startsWith("_")) {
      t = t.substring(1);
    }
    if (t.equals("unknown")) {
      return true;
    }
    switch (type) {
      case TEXT:
        return Set.of("text", "varchar", "bpchar", "name", "char").contains(t);
      case BIGINT:
      case INTEGER:
      case SMALLINT:
        return Set.of("int8", "int4", "int2", "numeric", "oid").contains(t);
      case DOUBLE:
      case REAL:
        return Set.of("float8", "float4", "numeric", "int8", "int4", "int2").contains(t);
      case BOOLEAN:
        return t.equals("bool");
      case TIMESTAMP:
        return t.equals("timestamptz") || t.equals("timestamp");
      case UUID:
        return t.equals("uuid");
      case DECIMAL:
        return Set.of("numeric", "int8", "int4", "int2").contains(t);
      case DATE:
        return t.equals("date");
      case BLOB:
        return t.equals("bytea");
      default:
        return true;
    }
  }
}
