package dev.flujo.runtime.internal.pg;

import dev.flujo.runtime.CommitOutcomeUnknownException;
import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.DuplicateKeyException;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns PostgreSQL failures into {@link StateException}s by SQLSTATE, never by message text.
 *
 * <p>Transient, and so retried as a whole transaction: serialization failures ({@code 40001}),
 * deadlocks ({@code 40P01}), lock and statement time-outs ({@code 55P03}, {@code 57014}), too many
 * connections ({@code 53300}), a server shutting down or starting ({@code 57P01}–{@code 57P03}),
 * lost or refused connections (class {@code 08}), and a pool time-out. A connection lost during
 * {@code COMMIT} is not transient: it is {@link CommitOutcomeUnknownException}.
 */
public final class PgErrors {
  private PgErrors() {}

  /** The SQLSTATE of {@code e} or of the first failure behind it that has one, or null. */
  public static String sqlState(SQLException e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 8; depth++) {
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
        return ((SQLException) t).getSQLState();
      }
      Throwable next = t.getCause();
      if (next == null && t instanceof SQLException) {
        next = ((SQLException) t).getNextException();
      }
      t = next;
    }
    return null;
  }

  /** Whether {@code sqlState} says the connection is gone or could not be made. */
  public static boolean isConnectionFailure(String sqlState) {
    return sqlState != null && sqlState.startsWith("08");
  }

  /** A short name of a transient failure's kind, for metrics; null if it is not transient. */
  public static String transientKind(SQLException e) {
    String state = sqlState(e);
    if (state == null) {
      return e instanceof SQLTransientConnectionException ? "pool_timeout" : null;
    }
    switch (state) {
      case "40001":
        return "serialization";
      case "40P01":
        return "deadlock";
      case "55P03":
        return "lock_timeout";
      case "57014":
        return "statement_timeout";
      case "53300":
        return "too_many_connections";
      case "57P01":
      case "57P02":
      case "57P03":
        return "server_shutdown";
      default:
        if (isConnectionFailure(state)) {
          return "connection";
        }
        return e instanceof SQLTransientConnectionException ? "pool_timeout" : null;
    }
  }

  /**
   * Translates a failure of {@code operation} on {@code table} (may be null).
   *
   * @param duringCommit whether the failure came from {@code COMMIT}: a lost connection then
   *     leaves the outcome unknown
   */
  public static StateException translate(
      SQLException e, String operation, String table, boolean duringCommit) {
    String state = sqlState(e);
    String where = table == null ? operation : operation + " on " + table;
    String message =
        where + ": " + describe(e) + (state == null ? "" : " (SQLSTATE " + state + ")");
    if (duringCommit && (isConnectionFailure(state) || state == null)) {
      return new CommitOutcomeUnknownException(
          where
              + ": the connection was lost during COMMIT, so the transaction may or may not have"
              + " committed; it is not retried. Check whether its writes are there before doing"
              + " the work again ("
              + describe(e)
              + ")",
          e);
    }
    if (transientKind(e) != null) {
      return new TransientStateException(message, e, table, null, StateException.NO_RESULT_CODE);
    }
    if (state == null) {
      return new StateException(message, e, table, null, StateException.NO_RESULT_CODE);
    }
    if (state.equals("23505")) {
      return new DuplicateKeyException(message, e, table, StateException.NO_RESULT_CODE);
    }
    if (state.startsWith("23")) {
      return new ConstraintViolationException(
          message, e, table, null, StateException.NO_RESULT_CODE);
    }
    if (state.startsWith("22")) {
      return new DataConversionException(message, e, table, null);
    }
    if (state.equals("XX001") || state.equals("XX002")) {
      return new CorruptDatabaseException(message, e, table, StateException.NO_RESULT_CODE);
    }
    return new StateException(message, e, table, null, StateException.NO_RESULT_CODE);
  }

  private static String describe(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
