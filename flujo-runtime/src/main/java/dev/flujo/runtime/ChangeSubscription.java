package dev.flujo.runtime;

/**
 * A registration made with {@link StateDatabase#subscribe} or {@link StateDatabase#observe(
 * java.util.function.Supplier, java.util.function.Consumer, TableDefinition...)}; closing it stops
 * the calls. Every subscription ends when its database closes.
 */
public interface ChangeSubscription extends AutoCloseable {
  /** Stops the calls; idempotent. A call already running finishes. */
  @Override
  void close();

  /** Whether it was closed, by {@link #close()} or by the database closing. */
  boolean isClosed();
}
