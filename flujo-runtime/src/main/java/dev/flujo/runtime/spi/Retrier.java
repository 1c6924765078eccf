package dev.flujo.runtime.spi;

import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work under a {@link RetryPolicy}: a {@link TransientStateException} reruns the
 * whole unit after a capped, jittered exponential backoff; anything else propagates at once; when
 * the attempts run out the last failure is wrapped in a {@link RetryExhaustedException}.
 *
 * <p>Only the outermost retried unit on a thread retries (see {@link RetryScope}): a unit started
 * inside another lets its transient failures through, so the enclosing unit reruns as a whole.
 *
 * <p>A sleep between attempts is interruptible. An interrupt, or a thread that is already
 * interrupted when a retry is due, stops retrying: the interrupt flag stays set and a {@link
 * StateException} caused by an {@link InterruptedException} is thrown, with the transient failure
 * suppressed in it.
 *
 * <p>Each retry is logged at DEBUG and each exhaustion at WARN, naming the operation and, where
 * known, the table. Counters are cumulative over the retrier's life.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /**
   * The retrier of generated {@code Retrying*} wrappers: {@link Sleeper#SYSTEM} and a thread-local
   * random source.
   */
  public static final Retrier SYSTEM =
      new Retrier(Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());

  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final OperationListener listener;
  private final LongAdder retries = new LongAdder();
  private final LongAdder transientFailures = new LongAdder();
  private final LongAdder exhausted = new LongAdder();

  /**
   * Creates a retrier.
   *
   * @param sleeper waits between attempts
   * @param random yields uniform numbers in {@code [0, 1)} for the jitter
   */
  public Retrier(Sleeper sleeper, DoubleSupplier random) {
    this(sleeper, random, null);
  }

  /**
   * Creates a retrier that tells {@code listener} (null: nobody) about each retry and exhaustion.
   *
   * @param sleeper waits between attempts
   * @param random yields uniform numbers in {@code [0, 1)} for the jitter
   * @param listener told about retries; null for none
   */
  public Retrier(Sleeper sleeper, DoubleSupplier random, OperationListener listener) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = listener;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails with a non-transient exception, or the policy
   * gives up. Inside an enclosing retried unit on this thread, runs it once and lets a transient
   * failure through.
   *
   * @param policy how often and how long to retry
   * @param operation names the unit in logs and messages, e.g. {@code FooDao.upsert}
   * @param attempt the unit of work
   * @throws RetryExhaustedException when the last allowed attempt failed transiently
   */
  public <T> T call(RetryPolicy policy, String operation, Attempt<T> attempt) {
    try (Run run = begin(policy, operation)) {
      while (true) {
        try {
          return attempt.run();
        } catch (TransientStateException e) {
          run.failed(e);
        }
      }
    }
  }

  /**
   * Continues a unit whose first attempt, made by the caller without a lambda, failed with {@code
   * first}; behaves as {@link #call} from then on.
   */
  public <T> T retryAfter(
      TransientStateException first, RetryPolicy policy, String operation, Attempt<T> attempt) {
    return retryAfter(first, System.nanoTime(), policy, operation, attempt);
  }

  /**
   * As {@link #retryAfter(TransientStateException, RetryPolicy, String, Attempt)}, for a first
   * attempt that started at {@code startNanos} ({@link System#nanoTime()}), so that the elapsed
   * time reported on exhaustion includes it.
   */
  public <T> T retryAfter(
      TransientStateException first,
      long startNanos,
      RetryPolicy policy,
      String operation,
      Attempt<T> attempt) {
    try (Run run = begin(policy, operation, startNanos)) {
      run.failed(first);
      while (true) {
        try {
          return attempt.run();
        } catch (TransientStateException e) {
          run.failed(e);
        }
      }
    }
  }

  /**
   * Starts a retried unit whose loop the caller writes, as generated wrappers do so that checked
   * exceptions pass through untouched:
   *
   * <pre>{@code
   * try (Retrier.Run retry = Retrier.SYSTEM.begin(POLICY, "Svc.save")) {
   *   while (true) {
   *     try {
   *       return delegate.save(x);
   *     } catch (TransientStateException e) {
   *       retry.failed(e);
   *     }
   *   }
   * }
   * }</pre>
   *
   * The run must be closed on the thread that began it.
   */
  public Run begin(RetryPolicy policy, String operation) {
    return begin(policy, operation, System.nanoTime());
  }

  private Run begin(RetryPolicy policy, String operation, long startNanos) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(operation, "operation");
    if (RetryScope.active()) {
      return new Run(this, policy, operation, false, startNanos);
    }
    RetryScope.enter();
    return new Run(this, policy, operation, true, startNanos);
  }

  /** Attempts that were retries of an earlier failed attempt. */
  public long retries() {
    return retries.sum();
  }

  /**
   * Transient failures that reached an outermost unit of this retrier, whether retried or final.
   * Failures a nested unit passes on are counted once, by the unit that handles them.
   */
  public long transientFailures() {
    return transientFailures.sum();
  }

  /** Units that gave up with {@link RetryExhaustedException}. */
  public long exhausted() {
    return exhausted.sum();
  }

  /** One retried unit of work in progress; see {@link #begin}. */
  public static final class Run implements AutoCloseable {
    private final Retrier retrier;
    private final RetryPolicy policy;
    private final String operation;
    private final boolean outermost;
    private final long startNanos;
    private int attempt = 1;
    private long waitedMillis;
    private boolean closed;

    private Run(
        Retrier retrier,
        RetryPolicy policy,
        String operation,
        boolean outermost,
        long startNanos) {
      this.retrier = retrier;
      this.policy = policy;
      this.operation = operation;
      this.outermost = outermost;
      this.startNanos = startNanos;
    }

    /**
     * Records that the current attempt failed transiently. Returns after sleeping if another
     * attempt is due; otherwise throws: {@code failure} itself when an enclosing unit retries,
     * {@link RetryExhaustedException} when the policy gives up, or a {@link StateException} when
     * the thread is interrupted.
     */
    public void failed(TransientStateException failure) {
      Objects.requireNonNull(failure, "failure");
      if (!outermost) {
        throw failure;
      }
      retrier.transientFailures.increment();
      if (attempt >= policy.maxAttempts()) {
        retrier.exhausted.increment();
        if (retrier.listener != null) {
          retrier.listener.retriesExhausted(operation, attempt);
        }
        long elapsedMillis = elapsedMillis();
        LOG.warn(
            "{}{} gave up after {} {} in {} ms ({} ms of it waiting between attempts): {}",
            operation,
            onTable(failure),
            attempt,
            attempt == 1 ? "attempt" : "attempts",
            elapsedMillis,
            waitedMillis,
            failure.getMessage());
        throw new RetryExhaustedException(
            operation, attempt, elapsedMillis, waitedMillis, failure);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(failure, new InterruptedException("interrupted before retrying"));
      }
      long delay = policy.delayMillis(attempt, retrier.random.getAsDouble());
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{}{} attempt {} of {} failed; retrying in {} ms: {}",
            operation,
            onTable(failure),
            attempt,
            policy.maxAttempts(),
            delay,
            failure.getMessage());
      }
      if (retrier.listener != null) {
        retrier.listener.retry(operation, attempt, delay);
      }
      if (delay > 0) {
        try {
          retrier.sleeper.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted(failure, e);
        }
      }
      waitedMillis += delay;
      attempt++;
      retrier.retries.increment();
    }

    /** The number of the attempt in progress, counting from 1. */
    public int attempt() {
      return attempt;
    }

    /** Milliseconds slept between attempts so far. */
    public long waitedMillis() {
      return waitedMillis;
    }

    /**
     * Wall-clock milliseconds since the first attempt started: the attempts themselves (including
     * any time SQLite spent in its busy handler) and the sleeps between them.
     */
    public long elapsedMillis() {
      return Math.max(waitedMillis, (System.nanoTime() - startNanos) / 1_000_000L);
    }

    /** Ends the unit. Idempotent. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (outermost) {
          RetryScope.exit();
        }
      }
    }

    private StateException interrupted(TransientStateException failure, InterruptedException e) {
      StateException stop =
          new StateException(
              operation
                  + " was interrupted after attempt "
                  + attempt
                  + " and will not be retried; the attempt failed with: "
                  + failure.getMessage(),
              e,
              failure.table(),
              failure.column(),
              failure.resultCode());
      stop.addSuppressed(failure);
      return stop;
    }

    private static String onTable(TransientStateException failure) {
      return failure.table() == null ? "" : " on table " + failure.table();
    }
  }
}
