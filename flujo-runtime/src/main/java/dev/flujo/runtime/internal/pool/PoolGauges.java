package dev.flujo.runtime.internal.pool;

/** The state of a connection pool, for metrics, and its closing. */
public interface PoolGauges extends AutoCloseable {
  /** Connections in use. */
  int active();

  /** Connections idle in the pool. */
  int idle();

  /** Threads waiting for a connection. */
  int waiting();

  /** Connections open. */
  int total();

  /** Closes the pool and its connections. */
  @Override
  void close();
}
