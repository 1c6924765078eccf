package dev.flujo.runtime.internal.notify;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Flow.Publisher}s of a {@link ChangeHub}: table changes and observed queries. */
public final class Publishers {
  private static final Logger LOG = LoggerFactory.getLogger(Publishers.class);

  private Publishers() {}

  /**
   * A publisher of the tables changed by each commit among {@code tables} (empty: all), merged
   * while a subscriber has no demand. The stream completes when the database closes.
   */
  public static Flow.Publisher<Set<String>> changes(ChangeHub hub, Collection<String> tables) {
    List<String> names = List.copyOf(tables);
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      CoalescingSubscription<Set<String>> subscription =
          new CoalescingSubscription<>(subscriber, hub.executor(), Publishers::union);
      ChangeHub.Listener listener =
          hub.listen(names, subscription::offer, () -> subscription.end(null));
      subscription.onCancel(listener::close);
      subscription.start();
    };
  }

  /**
   * A publisher of {@code query}'s result: the current one on subscription, then a fresh one after
   * each commit that changed one of {@code tables}; a subscriber without demand gets only the
   * latest. Queries run on the hub's threads, one at a time per subscriber, never while a writer
   * holds a lock. A query that throws ends the stream with that error.
   */
  public static <T> Flow.Publisher<T> query(
      ChangeHub hub, Collection<String> tables, Supplier<T> query) {
    List<String> names = List.copyOf(tables);
    return subscriber -> {
      Objects.requireNonNull(subscriber, "subscriber");
      CoalescingSubscription<T> subscription =
          new CoalescingSubscription<>(subscriber, hub.executor(), (older, newer) -> newer);
      Requery<T> requery = new Requery<>(hub, query, subscription);
      ChangeHub.Listener listener =
          hub.listen(names, changed -> requery.run(), () -> subscription.end(null));
      requery.listener = listener;
      subscription.onCancel(listener::close);
      subscription.start();
      requery.run();
    };
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Reruns one subscriber's query, never twice at once; a change during a run asks for another. */
  private static final class Requery<T> {
    private final ChangeHub hub;
    private final Supplier<T> query;
    private final CoalescingSubscription<T> subscription;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean dirty;
    volatile ChangeHub.Listener listener;

    Requery(ChangeHub hub, Supplier<T> query, CoalescingSubscription<T> subscription) {
      this.hub = hub;
      this.query = query;
      this.subscription = subscription;
    }

    void run() {
      dirty = true;
      if (running.compareAndSet(false, true)) {
        try {
          hub.executor().execute(this::loop);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          running.set(false);
        }
      }
    }

    private void loop() {
      try {
        while (dirty) {
          dirty = false;
          ChangeHub.Listener l = listener;
          if (l != null && l.isClosed()) {
            return;
          }
          T result;
          try {
            result = query.get();
          } catch (RuntimeException | Error e) {
            LOG.debug("an observed query failed; ending its stream", e);
            subscription.end(e);
            if (l != null) {
              l.close();
            }
            return;
          }
          subscription.offer(result);
        }
      } finally {
        running.set(false);
        if (dirty) {
          run();
        }
      }
    }
  }
}
