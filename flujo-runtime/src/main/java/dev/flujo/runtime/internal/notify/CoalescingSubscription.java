package dev.flujo.runtime.internal.notify;

import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Flow.Subscription} that never queues: values offered while the subscriber has no demand
 * are merged into one pending value (the latest result, or the union of changed tables), so a slow
 * subscriber gets the newest state and memory stays bounded. Signals are delivered serially on the
 * executor, as the reactive-streams rules require.
 */
final class CoalescingSubscription<T> implements Flow.Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(CoalescingSubscription.class);

  private final Flow.Subscriber<? super T> subscriber;
  private final Executor executor;
  private final BinaryOperator<T> merge;
  private volatile Runnable onCancel = () -> {};
  private final Object lock = new Object();
  private T pending;
  private long demand;
  private boolean draining;
  private boolean cancelled;
  private boolean completing;
  private Throwable failure;
  private boolean terminated;

  CoalescingSubscription(
      Flow.Subscriber<? super T> subscriber, Executor executor, BinaryOperator<T> merge) {
    this.subscriber = subscriber;
    this.executor = executor;
    this.merge = merge;
  }

  void onCancel(Runnable action) {
    this.onCancel = action;
  }

  /** Starts: calls {@code onSubscribe} on the executor, before any other signal. */
  void start() {
    synchronized (lock) {
      draining = true;
    }
    execute(
        () -> {
          try {
            subscriber.onSubscribe(this);
          } catch (Throwable t) {
            LOG.warn("a subscriber's onSubscribe failed; cancelling it", t);
            cancel();
          }
          synchronized (lock) {
            draining = false;
          }
          schedule();
        });
  }

  /** Offers a value, merged with any the subscriber has not taken yet. */
  void offer(T value) {
    synchronized (lock) {
      if (cancelled || completing) {
        return;
      }
      pending = pending == null ? value : merge.apply(pending, value);
    }
    schedule();
  }

  /** Ends the stream after what is pending; {@code error} null completes it normally. */
  void end(Throwable error) {
    synchronized (lock) {
      if (completing) {
        return;
      }
      completing = true;
      failure = error;
      if (error != null) {
        pending = null;
      }
    }
    schedule();
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      end(new IllegalArgumentException("request(" + n + "): demand must be positive (§3.9)"));
      cancelQuietly();
      return;
    }
    synchronized (lock) {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    }
    schedule();
  }

  @Override
  public void cancel() {
    cancelQuietly();
  }

  private void cancelQuietly() {
    boolean first;
    synchronized (lock) {
      first = !cancelled;
      cancelled = true;
      pending = null;
    }
    if (first) {
      onCancel.run();
    }
  }

  private void schedule() {
    synchronized (lock) {
      if (draining || terminated) {
        return;
      }
      draining = true;
    }
    execute(this::drain);
  }

  private void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      synchronized (lock) {
        draining = false;
      }
    }
  }

  private void drain() {
    while (true) {
      T value;
      boolean finish = false;
      Throwable error = null;
      synchronized (lock) {
        if (terminated) {
          draining = false;
          return;
        }
        if (completing && (pending == null || failure != null || cancelled)) {
          terminated = true;
          finish = !cancelled || failure != null;
          error = failure;
          value = null;
        } else if (cancelled || pending == null || demand == 0) {
          draining = false;
          return;
        } else {
          value = pending;
          pending = null;
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
        }
      }
      if (finish) {
        try {
          if (error != null) {
            subscriber.onError(error);
          } else {
            subscriber.onComplete();
          }
        } catch (Throwable t) {
          LOG.warn("a subscriber's onComplete/onError failed", t);
        }
        synchronized (lock) {
          draining = false;
        }
        return;
      }
      if (value == null) {
        continue;
      }
      try {
        subscriber.onNext(value);
      } catch (Throwable t) {
        LOG.warn("a subscriber's onNext failed; cancelling its subscription", t);
        cancelQuietly();
      }
    }
  }
}
