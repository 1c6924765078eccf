package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.OperationListener.Outcome;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.spi.Attempt;
import dev.flujo.runtime.spi.SqlStatement;
import java.util.function.Supplier;

/** Reports one attempt of a statement or an outermost transaction to an {@link OperationListener}. */
public final class Timed {
  private Timed() {}

  /** Runs {@code work} and reports it to {@code listener} as one attempt of {@code statement}. */
  public static <T> T statement(OperationListener listener, SqlStatement statement, Attempt<T> work) {
    return statement(listener, statement, System.nanoTime(), work);
  }

  /**
   * Like {@link #statement(OperationListener, SqlStatement, Attempt)}, timed from {@code start}
   * (a {@link System#nanoTime()} the caller has read already, so the clock is read once less).
   */
  public static <T> T statement(
      OperationListener listener, SqlStatement statement, long start, Attempt<T> work) {
    Outcome outcome = Outcome.FAILURE;
    try {
      T result = work.run();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (TransientStateException e) {
      outcome = Outcome.TRANSIENT_FAILURE;
      throw e;
    } finally {
      listener.operation(
          statement.table(),
          statement.operation(),
          statement.isWrite(),
          outcome,
          System.nanoTime() - start);
    }
  }

  /** Runs {@code work} and reports it to {@code listener} as one attempt of a transaction. */
  public static <T> T transaction(OperationListener listener, boolean write, Supplier<T> work) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.FAILURE;
    try {
      T result = work.get();
      outcome = Outcome.SUCCESS;
      return result;
    } catch (TransientStateException e) {
      outcome = Outcome.TRANSIENT_FAILURE;
      throw e;
    } finally {
      listener.transaction(write, outcome, System.nanoTime() - start);
    }
  }
}
