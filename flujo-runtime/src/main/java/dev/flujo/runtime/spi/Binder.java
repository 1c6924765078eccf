package dev.flujo.runtime.spi;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds parameters to a prepared statement. */
@FunctionalInterface
public interface Binder {
  /** A binder for statements without parameters. */
  Binder NONE = statement -> {};

  /** Binds the parameters. */
  void bind(PreparedStatement statement) throws SQLException;
}
