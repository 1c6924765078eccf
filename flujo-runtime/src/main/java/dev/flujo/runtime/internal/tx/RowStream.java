package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily read result set exposed as a {@link Stream}. The statement (and, through {@code
 * onClose}, the connection) is released when the stream is closed, read to the end, or fails while
 * reading, whichever comes first; releasing happens once.
 */
public final class RowStream<T> extends Spliterators.AbstractSpliterator<T> {
  private final ResultSet rows;
  private final RowMapper<T> mapper;
  private final Function<SQLException, ? extends RuntimeException> failure;
  private final Runnable finish;

  private RowStream(
      ResultSet rows,
      RowMapper<T> mapper,
      Function<SQLException, ? extends RuntimeException> failure,
      Runnable finish) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.rows = rows;
    this.mapper = mapper;
    this.failure = failure;
    this.finish = finish;
  }

  /**
   * Runs the query and returns its rows as a stream.
   *
   * @param failure translates a failure while reading rows
   * @param onClose runs once after the statement is released
   */
  static <T> Stream<T> open(
      PooledSqliteConnection connection,
      SqlStatement statement,
      Binder binder,
      RowMapper<T> mapper,
      Function<SQLException, ? extends RuntimeException> failure,
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
    AtomicBoolean finished = new AtomicBoolean();
    Runnable finish =
        () -> {
          if (!finished.compareAndSet(false, true)) {
            return;
          }
          boolean ok = true;
          try {
            rows.close();
          } catch (SQLException e) {
            ok = false;
          } finally {
            try {
              connection.release(statement, prepared, ok);
            } finally {
              onClose.run();
            }
          }
        };
    return StreamSupport.stream(new RowStream<>(rows, mapper, failure, finish), false)
        .onClose(finish);
  }

  /**
   * The rows of {@code rows}, already executed, as a stream; {@code finish} runs once, when the
   * stream is closed, read to the end or fails while reading, and releases what holds the rows.
   */
  public static <T> Stream<T> over(
      ResultSet rows,
      RowMapper<T> mapper,
      Function<SQLException, ? extends RuntimeException> failure,
      Runnable finish) {
    AtomicBoolean finished = new AtomicBoolean();
    Runnable once =
        () -> {
          if (finished.compareAndSet(false, true)) {
            finish.run();
          }
        };
    return StreamSupport.stream(new RowStream<>(rows, mapper, failure, once), false).onClose(once);
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    T row;
    try {
      if (!rows.next()) {
        finish.run();
        return false;
      }
      row = mapper.map(rows);
    } catch (SQLException e) {
      RuntimeException translated = failure.apply(e);
      finishAfter(translated);
      throw translated;
    } catch (RuntimeException | Error e) {
      finishAfter(e);
      throw e;
    }
    action.accept(row);
    return true;
  }

  private void finishAfter(Throwable failure) {
    try {
      finish.run();
    } catch (RuntimeException | Error e) {
      failure.addSuppressed(e);
    }
  }
}
