package dev.flujo.runtime.spi;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final List<Long> sleeps = new ArrayList<>();
  private final Sleeper recording = sleeps::add;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static TransientStateException busy(int n) {
    return new TransientStateException("busy " + n, null, "accounts", null, 5);
  }

  @Test
  void delaysGrowByTheMultiplierAndStopAtTheCap() {
    RetryPolicy policy = new RetryPolicy(8, 10, 2.0, 100, 0.0);
    Retrier retrier = new Retrier(recording, () -> 0.75);
    AtomicInteger attempts = new AtomicInteger();

    RetryExhaustedException e =
        assertThrows(
            RetryExhaustedException.class,
            () ->
                retrier.call(
                    policy,
                    "AccountDao.upsert",
                    () -> {
                      throw busy(attempts.incrementAndGet());
                    }));

    assertThat(sleeps).containsExactly(10L, 20L, 40L, 80L, 100L, 100L, 100L).inOrder();
    assertThat(attempts.get()).isEqualTo(8);
    assertThat(e.attempts()).isEqualTo(8);
    assertThat(e.waitedMillis()).isEqualTo(450);
    assertThat(e.lastCause().getMessage()).isEqualTo("busy 8");
    assertThat(e.resultCode()).isEqualTo(5);
    assertThat(e.table()).isEqualTo("accounts");
  }

  @Test
  void jitteredDelaysStayWithinTheirBoundsAndRepeatWithTheSameSeed() {
    RetryPolicy policy = new RetryPolicy(12, 10, 3.0, 2000, 0.5);
    List<Long> first = schedule(policy, 42);
    List<Long> second = schedule(policy, 42);
    List<Long> other = schedule(policy, 7);

    assertThat(first).hasSize(11);
    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    boolean jittered = false;
    for (int retry = 1; retry <= first.size(); retry++) {
      double base = Math.min(2000, 10 * Math.pow(3.0, retry - 1));
      long delay = first.get(retry - 1);
      assertThat((double) delay).isAtLeast(Math.floor(base * 0.5));
      assertThat((double) delay).isAtMost(base);
      jittered |= delay < base;
    }
    assertThat(jittered).isTrue();
    // the uncapped part grows: each delay is at least the jitter floor of its base
    assertThat(first.get(4)).isGreaterThan(first.get(0));
    assertThat(first.get(10)).isAtMost(2000L);
  }

  @Test
  void jitterRemovesAtMostItsFractionOfTheDelay() {
    RetryPolicy policy = new RetryPolicy(5, 100, 2.0, 1000, 0.25);
    assertThat(policy.delayMillis(1, 0.0)).isEqualTo(100);
    assertThat(policy.delayMillis(1, 0.999999)).isEqualTo(75);
    assertThat(policy.delayMillis(4, 0.0)).isEqualTo(800);
    assertThat(policy.delayMillis(5, 0.0)).isEqualTo(1000);
    assertThat(policy.delayMillis(30, 0.999999)).isEqualTo(750);
    assertThat(policy.delayMillis(10_000, 0.0)).isEqualTo(1000);
  }

  private List<Long> schedule(RetryPolicy policy, long seed) {
    List<Long> delays = new ArrayList<>();
    Random random = new Random(seed);
    Retrier retrier = new Retrier(delays::add, random::nextDouble);
    assertThrows(
        RetryExhaustedException.class,
        () ->
            retrier.call(
                policy,
                "op",
                () -> {
                  throw busy(0);
                }));
    return delays;
  }

  @Test
  void succeedsOnceTheTransientFailureClearsAndCountsIt() {
    Retrier retrier = new Retrier(recording, () -> 0.0);
    AtomicInteger attempts = new AtomicInteger();

    String result =
        retrier.call(
            new RetryPolicy(5, 1, 2.0, 10, 0.0),
            "op",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw busy(attempts.get());
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(sleeps).containsExactly(1L, 2L).inOrder();
    assertThat(retrier.retries()).isEqualTo(2);
    assertThat(retrier.transientFailures()).isEqualTo(2);
    assertThat(retrier.exhausted()).isEqualTo(0);
  }

  @Test
  void nonTransientFailureIsNotRetried() {
    Retrier retrier = new Retrier(recording, () -> 0.0);
    AtomicInteger attempts = new AtomicInteger();
    ConstraintViolationException violation =
        new ConstraintViolationException("unique", null, "accounts", null, 2067);

    ConstraintViolationException thrown =
        assertThrows(
            ConstraintViolationException.class,
            () ->
                retrier.call(
                    RetryPolicy.DEFAULT,
                    "op",
                    () -> {
                      attempts.incrementAndGet();
                      throw violation;
                    }));

    assertThat(thrown).isSameInstanceAs(violation);
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(retrier.transientFailures()).isEqualTo(0);
  }

  @Test
  void singleAttemptPolicyGivesUpAtOnceWithoutSleeping() {
    Retrier retrier = new Retrier(recording, () -> 0.0);

    RetryExhaustedException e =
        assertThrows(
            RetryExhaustedException.class,
            () ->
                retrier.call(
                    RetryPolicy.NONE,
                    "op",
                    () -> {
                      throw busy(1);
                    }));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.waitedMillis()).isEqualTo(0);
    assertThat(sleeps).isEmpty();
    assertThat(retrier.exhausted()).isEqualTo(1);
  }

  @Test
  void interruptDuringBackoffStopsRetryingAndKeepsTheFlag() throws Exception {
    Retrier retrier = Retrier.SYSTEM;
    AtomicInteger attempts = new AtomicInteger();
    Thread[] worker = new Thread[1];
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> flag = new CompletableFuture<>();
    worker[0] =
        new Thread(
            () -> {
              try {
                retrier.call(
                    new RetryPolicy(5, 60_000, 1.0, 60_000, 0.0),
                    "op",
                    () -> {
                      attempts.incrementAndGet();
                      throw busy(1);
                    });
                outcome.complete(null);
              } catch (Throwable t) {
                flag.complete(Thread.currentThread().isInterrupted());
                outcome.complete(t);
              }
            });
    worker[0].start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (worker[0].getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    worker[0].interrupt();

    Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(StateException.class);
    assertThat(thrown).isNotInstanceOf(RetryExhaustedException.class);
    assertThat(thrown.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(thrown.getSuppressed()[0]).isInstanceOf(TransientStateException.class);
    assertThat(flag.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void alreadyInterruptedThreadIsNotRetriedEvenWithoutDelay() {
    Retrier retrier = new Retrier(recording, () -> 0.0);
    AtomicInteger attempts = new AtomicInteger();
    Thread.currentThread().interrupt();

    StateException e =
        assertThrows(
            StateException.class,
            () ->
                retrier.call(
                    new RetryPolicy(5, 0, 1.0, 0, 0.0),
                    "op",
                    () -> {
                      attempts.incrementAndGet();
                      throw busy(1);
                    }));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aNestedUnitRunsOnceAndTheOutermostUnitRetriesTheWhole() {
    Retrier outer = new Retrier(recording, () -> 0.0);
    Retrier inner = new Retrier(recording, () -> 0.0);
    AtomicInteger outerAttempts = new AtomicInteger();
    AtomicInteger innerAttempts = new AtomicInteger();

    String result =
        outer.call(
            new RetryPolicy(3, 1, 1.0, 1, 0.0),
            "outer",
            () -> {
              outerAttempts.incrementAndGet();
              assertThat(RetryScope.active()).isTrue();
              return inner.call(
                  new RetryPolicy(10, 1, 1.0, 1, 0.0),
                  "inner",
                  () -> {
                    if (innerAttempts.incrementAndGet() < 3) {
                      throw busy(innerAttempts.get());
                    }
                    return "ok";
                  });
            });

    assertThat(result).isEqualTo("ok");
    assertThat(outerAttempts.get()).isEqualTo(3);
    assertThat(innerAttempts.get()).isEqualTo(3);
    assertThat(inner.retries()).isEqualTo(0);
    assertThat(inner.transientFailures()).isEqualTo(0);
    assertThat(outer.retries()).isEqualTo(2);
    assertThat(outer.transientFailures()).isEqualTo(2);
    assertThat(RetryScope.active()).isFalse();
  }

  @Test
  void aRunLetsCheckedExceptionsThroughAndEndsItsScope() {
    Retrier retrier = new Retrier(recording, () -> 0.0);
    AtomicInteger attempts = new AtomicInteger();

    IOException e =
        assertThrows(
            IOException.class,
            () -> {
              try (Retrier.Run retry = retrier.begin(RetryPolicy.DEFAULT, "Svc.export")) {
                while (true) {
                  try {
                    if (attempts.incrementAndGet() == 1) {
                      throw busy(1);
                    }
                    throw new IOException("disk");
                  } catch (TransientStateException t) {
                    retry.failed(t);
                  }
                }
              }
            });

    assertThat(e).hasMessageThat().isEqualTo("disk");
    assertThat(attempts.get()).isEqualTo(2);
    assertThat(RetryScope.active()).isFalse();
  }

  @Test
  void scopeEndsWhenRetriesAreExhausted() {
    Retrier retrier = new Retrier(recording, () -> 0.0);
    assertThrows(
        RetryExhaustedException.class,
        () ->
            retrier.call(
                new RetryPolicy(2, 0, 1.0, 0, 0.0),
                "op",
                () -> {
                  throw busy(1);
                }));
    assertThat(RetryScope.active()).isFalse();
  }
}
