package dev.flujo.runtime.internal.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept open on each physical connection of the pool, so that a statement run
 * outside a transaction is bound and executed without being prepared again: no new driver
 * statement per call, and the driver's server-side prepared statement (named after its {@code
 * prepareThreshold} uses) is reused directly. Statements are prepared on the physical connection,
 * below HikariCP's proxy, so that returning the connection to the pool does not close them; they
 * close with their connection, or when evicted from a connection's {@value #PER_CONNECTION} most
 * recently used. A statement whose use failed is closed and prepared afresh next time. A
 * connection is used by one thread at a time, so each connection's statements need no lock.
 */
final class PgStatementCache {
  static final int PER_CONNECTION = 64;

  private static final Logger LOG = LoggerFactory.getLogger(PgStatementCache.class);

  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  /** The open statement of {@code sql} on the physical connection behind {@code borrowed}. */
  PreparedStatement acquire(Connection borrowed, String sql) throws SQLException {
    Connection physical = borrowed.unwrap(Connection.class);
    Map<String, PreparedStatement> statements = byConnection.get(physical);
    if (statements == null) {
      forgetClosedConnections();
      statements = new Lru();
      byConnection.put(physical, statements);
    }
    PreparedStatement prepared = statements.get(sql);
    if (prepared == null || prepared.isClosed()) {
      prepared = physical.prepareStatement(sql);
      statements.put(sql, prepared);
    }
    return prepared;
  }

  /**
   * After a use of {@code prepared}: its parameters are cleared; if the use failed ({@code ok}
   * false) it is closed and forgotten, so that no state of a failed call reaches the next one.
   */
  void release(Connection borrowed, String sql, PreparedStatement prepared, boolean ok) {
    if (prepared == null) {
      return;
    }
    try {
      if (ok) {
        prepared.clearParameters();
        return;
      }
    } catch (SQLException e) {
      LOG.debug("clearing the parameters of a cached statement failed; closing it", e);
    }
    try {
      Map<String, PreparedStatement> statements =
          byConnection.get(borrowed.unwrap(Connection.class));
      if (statements != null && statements.get(sql) == prepared) {
        statements.remove(sql);
      }
    } catch (SQLException e) {
      LOG.debug("a pooled connection could not be unwrapped", e);
    }
    closeQuietly(prepared);
  }

  /** Forgets every statement (their connections are being closed with the pool). */
  void clear() {
    byConnection.clear();
  }

  private void forgetClosedConnections() {
    for (Iterator<Map.Entry<Connection, Map<String, PreparedStatement>>> it =
            byConnection.entrySet().iterator();
        it.hasNext(); ) {
      Connection c = it.next().getKey();
      boolean closed;
      try {
        closed = c.isClosed();
      } catch (SQLException e) {
        closed = true;
      }
      if (closed) {
        it.remove();
      }
    }
  }

  private static void closeQuietly(PreparedStatement prepared) {
    try {
      prepared.close();
    } catch (SQLException e) {
      LOG.debug("closing a cached statement failed", e);
    }
  }

  /** One connection's statements, least recently used closed first beyond the limit. */
  private static final class Lru extends LinkedHashMap<String, PreparedStatement> {
    private static final long serialVersionUID = 1L;

    Lru() {
      super(16, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() > PER_CONNECTION) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  }
}
