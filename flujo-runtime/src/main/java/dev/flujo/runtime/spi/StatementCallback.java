package dev.flujo.runtime.spi;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds and runs a prepared statement. The statement is owned by the runtime: the callback must
 * not close it, and must close any {@link java.sql.ResultSet} it opens.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface StatementCallback<T> {
  /** Runs the statement and returns the result. */
  T run(PreparedStatement statement) throws SQLException;
}
