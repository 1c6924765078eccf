package dev.flujo.runtime.spi;

/**
 * One attempt of a retried operation.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface Attempt<T> {
  /** Runs the attempt; a {@link dev.flujo.runtime.TransientStateException} asks for another. */
  T run();
}
