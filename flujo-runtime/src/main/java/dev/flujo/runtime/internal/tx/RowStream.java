package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.StateException;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A lazily read result set exposed as a {@link Stream}; closing it releases the statement. */
final class RowStream<T> extends Spliterators.AbstractSpliterator<T> {
  private final ResultSet rows;
  private final RowMapper<T> mapper;
  private final Function<SQLException, StateException> failure;

  private RowStream(
      ResultSet rows, RowMapper<T> mapper, Function<SQLException, StateException> failure) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.rows = rows;
    this.mapper = mapper;
    this.failure = failure;
  }

  /**
   * Runs the query and returns its rows as a stream.
   *
   * @param failure translates a failure while reading rows
   * @param onClose runs after the statement is released, when the stream is closed
   */
  static <T> Stream<T> open(
      PooledSqliteConnection connection,
      SqlStatement statement,
      Binder binder,
      RowMapper<T> mapper,
      Function<SQLException, StateException> failure,
      Runnable onClose)
      throws SQLException {
    PreparedStatement prepared = connection.acquire(statement);
    ResultSet rows;
    try {
      binder.bind(prepared);
      rows = prepared.executeQuery();
    } catch (SQLException | RuntimeException | Error e) {
      connection.release(statement, prepared, false);
      throw e;
    }
    return StreamSupport.stream(new RowStream<>(rows, mapper, failure), false)
        .onClose(
            () -> {
              boolean ok = true;
              try {
                rows.close();
              } catch (SQLException e) {
                ok = false;
              } finally {
                connection.release(statement, prepared, ok);
                onClose.run();
              }
            });
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    try {
      if (!rows.next()) {
        return false;
      }
      action.accept(mapper.map(rows));
      return true;
    } catch (SQLException e) {
      throw failure.apply(e);
    }
  }
}
