package dev.flujo.benchmarks.stores;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL text of the hand-written JDBC contenders, character for character the text Flujo
 * generates for {@code WorkflowStateDao} (a test checks it), so that every contender runs the same
 * statements against SQLite.
 */
public final class Sql {
  /** Column names in declaration (and bind/read index) order. */
  public static final List<String> COLUMNS =
      List.of(
          "run_id",
          "pipeline_id",
          "pipeline_name",
          "pipeline_version",
          "current_step_index",
          "pipeline_context",
          "last_step_output",
          "status",
          "created_at",
          "updated_at",
          "total_steps",
          "error_message",
          "execution_time_ms",
          "memory_usage_mb");

  private static final String SELECT_COLUMNS =
      COLUMNS.stream().map(Sql::quote).collect(Collectors.joining(", "));

  /** {@code INSERT ... ON CONFLICT ("run_id") DO UPDATE SET ...}, keeping {@code created_at}. */
  public static final String UPSERT =
      "INSERT INTO \"workflow_state\" ("
          + SELECT_COLUMNS
          + ") VALUES ("
          + COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "))
          + ") ON CONFLICT (\"run_id\") DO UPDATE SET "
          + COLUMNS.stream()
              .filter(c -> !c.equals("run_id") && !c.equals("created_at"))
              .map(c -> quote(c) + " = excluded." + quote(c))
              .collect(Collectors.joining(", "));

  /** Point read by key. */
  public static final String FIND_BY_ID =
      "SELECT " + SELECT_COLUMNS + " FROM \"workflow_state\" WHERE \"run_id\" = ?";

  /** Every row in key order. */
  public static final String FIND_ALL =
      "SELECT " + SELECT_COLUMNS + " FROM \"workflow_state\" ORDER BY \"run_id\"";

  /** The filtered, ordered, limited query; parameters: status, pipeline id, limit. */
  public static final String RECENT_BY_STATUS_AND_PIPELINE =
      "SELECT "
          + SELECT_COLUMNS
          + " FROM \"workflow_state\" WHERE \"status\" = ? AND \"pipeline_id\" = ?"
          + " ORDER BY \"created_at\" DESC LIMIT ?";

  private Sql() {}

  private static String quote(String identifier) {
    return '"' + identifier + '"';
  }
}
