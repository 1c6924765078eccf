package dev.flujo.runtime.spi;

/** Waits between attempts; replaceable in tests. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps with {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = Thread::sleep;

  /** Sleeps for {@code millis} milliseconds, or until interrupted. */
  void sleep(long millis) throws InterruptedException;
}
