package dev.flujo.runtime.spi;

/**
 * Marks the current thread as running inside a retried unit of work (a retried transaction or a
 * generated {@code Retrying*} wrapper). Only the outermost unit retries: operations inside it let
 * transient failures propagate, so that the whole unit runs again rather than one of its parts.
 */
public final class RetryScope {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private RetryScope() {}

  /** Whether an enclosing unit of work on this thread retries. */
  public static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  static void enter() {
    DEPTH.get()[0]++;
  }

  static void exit() {
    DEPTH.get()[0]--;
  }
}
