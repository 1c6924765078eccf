package dev.flujo.runtime.spi;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the current row of a result set into an object.
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface RowMapper<T> {
  /** Reads the current row. */
  T map(ResultSet row) throws SQLException;
}
