package dev.flujo.runtime.internal.pool;

import dev.flujo.runtime.SchemaMismatchException;
import dev.flujo.runtime.spi.SqlStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * A sqlite-jdbc connection that caches one prepared statement per {@link SqlStatement} slot for as
 * long as the physical connection lives. Neither sqlite-jdbc nor HikariCP caches statements, and
 * preparing is half the cost of a point read. A connection is used by one thread at a time (it is
 * borrowed from the pool or bound to one thread's transaction), so the cache needs no locking.
 * Uncached statements ({@link SqlStatement#isCached()} false) are prepared on each acquire and
 * closed on release. A statement naming {@linkplain SqlStatement#resultColumns() result columns}
 * has them checked each time it is prepared.
 */
public final class PooledSqliteConnection extends JDBC4Connection {
  private PreparedStatement[] cache = new PreparedStatement[32];

  /** Opens a connection; {@code fileName} is the URL without its {@code jdbc:sqlite:} prefix. */
  public PooledSqliteConnection(String url, String fileName, Properties properties)
      throws SQLException {
    super(url, fileName, properties);
  }

  /**
   * Takes the cached statement for {@code statement}, or prepares a new one if none is cached (or
   * the cached one is in use further up this thread's stack). Hand it back with {@link #release}.
   */
  public PreparedStatement acquire(SqlStatement statement) throws SQLException {
    int slot = statement.slot();
    PreparedStatement[] slots = cache;
    if (slot >= 0 && slot < slots.length) {
      PreparedStatement cached = slots[slot];
      if (cached != null) {
        slots[slot] = null;
        return cached;
      }
    }
    PreparedStatement prepared = prepareStatement(statement.sql());
    if (!statement.resultColumns().isEmpty()) {
      try {
        checkResultColumns(statement, prepared);
      } catch (SQLException | RuntimeException e) {
        closeQuietly(prepared);
        throw e;
      }
    }
    return prepared;
  }

  private static void checkResultColumns(SqlStatement statement, PreparedStatement prepared)
      throws SQLException {
    List<String> expected = statement.resultColumns();
    ResultSetMetaData meta = prepared.getMetaData();
    int count = meta.getColumnCount();
    List<String> found = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      found.add(meta.getColumnLabel(i));
    }
    boolean matches = count >= expected.size();
    for (int i = 0; matches && i < expected.size(); i++) {
      matches = expected.get(i).toLowerCase(Locale.ROOT).equals(found.get(i).toLowerCase(Locale.ROOT));
    }
    if (!matches) {
      throw new SchemaMismatchException(
          statement.operation()
              + " reads result columns "
              + expected
              + " by position, but the database returns "
              + found
              + "; the table's columns are ordered differently in the file. Name the columns in the"
              + " SELECT list instead of using *",
          statement.table());
    }
  }

  /**
   * Returns a statement taken with {@link #acquire}. A statement whose use failed is closed rather
   * than cached, since its state is not known.
   */
  public void release(SqlStatement statement, PreparedStatement prepared, boolean reusable) {
    if (reusable && statement.isCached()) {
      try {
        prepared.clearParameters();
        int slot = statement.slot();
        if (slot >= cache.length) {
          cache = Arrays.copyOf(cache, Math.max(slot + 1, cache.length * 2));
        }
        if (cache[slot] == null) {
          cache[slot] = prepared;
          return;
        }
      } catch (SQLException e) {
        // fall through and close it
      }
    }
    closeQuietly(prepared);
  }

  /**
   * Prepares a statement that refuses text UTF-8 cannot encode (an unpaired surrogate) with a
   * {@link dev.flujo.runtime.DataConversionException} instead of letting it be stored as {@code
   * '?'}. Every other {@code prepareStatement} overload of sqlite-jdbc ends here.
   */
  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    checkOpen();
    checkCursor(resultSetType, resultSetConcurrency, resultSetHoldability);
    return new Utf8CheckedStatement(this, sql);
  }

  /** How many statements are cached now. */
  public int cachedStatements() {
    int n = 0;
    for (PreparedStatement ps : cache) {
      if (ps != null) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws SQLException {
    PreparedStatement[] slots = cache;
    cache = new PreparedStatement[0];
    for (PreparedStatement ps : slots) {
      if (ps != null) {
        closeQuietly(ps);
      }
    }
    super.close();
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // the statement is being discarded; its connection reports real failures
    }
  }
}
