package dev.flujo.tests.tx;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.RetryExhaustedException;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.spi.Retrier;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Generated {@code Retrying*} wrappers rerun annotated methods only. */
class RetryingWrapperTest {
  /** One thread per task: a blocked task never delays another, whatever the core count. */
  private static final Executor THREADS = task -> new Thread(task).start();

  @TempDir Path dir;

  private final List<Long> sleeps = new ArrayList<>();
  private final Retrier recording = new Retrier(sleeps::add, () -> 0.0);

  private static TransientStateException busy() {
    return new TransientStateException("busy", null, "account", null, 5);
  }

  /** A ledger whose methods fail transiently a set number of times before succeeding. */
  private static final class FlakyLedger implements Ledger {
    final Map<String, AtomicInteger> calls = new HashMap<>();
    final Map<String, Integer> failuresLeft = new HashMap<>();

    FlakyLedger failing(String method, int times) {
      failuresLeft.put(method, times);
      return this;
    }

    int calls(String method) {
      return calls.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    private void call(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
      int left = failuresLeft.getOrDefault(method, 0);
      if (left > 0) {
        failuresLeft.put(method, left - 1);
        throw busy();
      }
    }

    @Override
    public void open(String account) {
      call("open");
    }

    @Override
    public void credit(String account, long amount) {
      call("credit");
    }

    @Override
    public long balance(String account) {
      call("balance");
      return 21;
    }

    @Override
    public int transferAll(String from, String to) throws IOException {
      call("transferAll");
      if (from.equals("broken")) {
        throw new IOException("export failed");
      }
      return 7;
    }

    @Override
    public long doubled(String account) {
      call("doubled");
      return 42;
    }

    @Override
    public boolean exists(String account) {
      call("exists");
      return true;
    }

    @Override
    public <T extends Comparable<? super T>> T largest(List<T> values) {
      call("largest");
      return values.stream().max(Comparable::compareTo).orElseThrow();
    }

    @Override
    public char[] initials(boolean upper, String... names) {
      call("initials");
      char[] out = new char[names.length];
      for (int i = 0; i < names.length; i++) {
        char c = names[i].charAt(0);
        out[i] = upper ? Character.toUpperCase(c) : c;
      }
      return out;
    }
  }

  @Test
  void annotatedMethodsAreRerunUntilTheTransientFailureClears() {
    FlakyLedger delegate = new FlakyLedger().failing("credit", 3).failing("doubled", 2);
    Ledger ledger = new RetryingLedger(delegate, recording);

    ledger.credit("a", 5);
    long doubled = ledger.doubled("a");

    assertThat(delegate.calls("credit")).isEqualTo(4);
    assertThat(doubled).isEqualTo(42);
    assertThat(delegate.calls("doubled")).isEqualTo(3);
    // credit: 5 ms growing by 1.5, no jitter from a zero random; doubled: no delay, no sleep
    assertThat(sleeps).containsExactly(5L, 8L, 11L).inOrder();
    assertThat(recording.retries()).isEqualTo(5);
  }

  @Test
  void plainMethodsAreCalledOnceAndTheirFailuresPassThrough() {
    FlakyLedger delegate =
        new FlakyLedger().failing("open", 1).failing("balance", 1).failing("exists", 1);
    Ledger ledger = new RetryingLedger(delegate, recording);

    assertThrows(TransientStateException.class, () -> ledger.open("a"));
    assertThrows(TransientStateException.class, () -> ledger.balance("a"));
    assertThrows(TransientStateException.class, () -> ledger.exists("a"));

    assertThat(delegate.calls("open")).isEqualTo(1);
    assertThat(delegate.calls("balance")).isEqualTo(1);
    assertThat(delegate.calls("exists")).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(ledger.largest(List.of(3, 9, 4))).isEqualTo(9);
    assertThat(new String(ledger.initials(true, "ada", "bob"))).isEqualTo("AB");
  }

  @Test
  void checkedExceptionsPassThroughAndExhaustionCountsAttempts() throws Exception {
    FlakyLedger delegate = new FlakyLedger();
    Ledger ledger = new RetryingLedger(delegate, recording);

    IOException io = assertThrows(IOException.class, () -> ledger.transferAll("broken", "b"));
    assertThat(io).hasMessageThat().isEqualTo("export failed");
    assertThat(delegate.calls("transferAll")).isEqualTo(1);

    delegate.failing("transferAll", 5);
    RetryExhaustedException e =
        assertThrows(RetryExhaustedException.class, () -> ledger.transferAll("a", "b"));
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e).hasMessageThat().startsWith("Ledger.transferAll");
    assertThat(delegate.calls("transferAll")).isEqualTo(3);

    delegate.failuresLeft.clear();
    assertThat(ledger.transferAll("a", "b")).isEqualTo(7);
  }

  @Test
  void anInterfaceLevelPolicyCoversEveryMethodAndAMethodPolicyOverridesIt() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger loadAlls = new AtomicInteger();
    AtomicInteger saves = new AtomicInteger();
    Repository<String, Account> delegate =
        new Repository<>() {
          @Override
          public Optional<Account> load(String key) {
            loads.incrementAndGet();
            throw busy();
          }

          @Override
          public List<Account> loadAll(List<String> keys) {
            loadAlls.incrementAndGet();
            throw busy();
          }

          @Override
          public void save(Account value) {
            if (saves.incrementAndGet() < 3) {
              throw busy();
            }
          }
        };
    Repository<String, Account> repository = new RetryingRepository<>(delegate, recording);

    assertThat(assertThrows(RetryExhaustedException.class, () -> repository.load("a")).attempts())
        .isEqualTo(3);
    assertThat(
            assertThrows(RetryExhaustedException.class, () -> repository.loadAll(List.of("a")))
                .attempts())
        .isEqualTo(6);
    repository.save(Account.of("a", 1));

    assertThat(loads.get()).isEqualTo(3);
    assertThat(loadAlls.get()).isEqualTo(6);
    assertThat(saves.get()).isEqualTo(3);
  }

  @Test
  void aSubInterfaceWrapperRetriesInheritedMethodsUnderTheirInterfacesPolicy() {
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger totals = new AtomicInteger();
    AtomicInteger sizes = new AtomicInteger();
    AccountRepository delegate =
        new AccountRepository() {
          @Override
          public Optional<Account> load(String key) {
            loads.incrementAndGet();
            throw busy();
          }

          @Override
          public List<Account> loadAll(List<String> keys) {
            return List.of();
          }

          @Override
          public void save(Account value) {}

          @Override
          public long total() {
            totals.incrementAndGet();
            throw busy();
          }

          @Override
          public int size() {
            sizes.incrementAndGet();
            throw busy();
          }
        };
    AccountRepository repository = new RetryingAccountRepository(delegate, recording);

    assertThat(assertThrows(RetryExhaustedException.class, () -> repository.load("a")).attempts())
        .isEqualTo(3);
    assertThat(assertThrows(RetryExhaustedException.class, repository::total).attempts())
        .isEqualTo(4);
    assertThrows(TransientStateException.class, repository::size);

    assertThat(loads.get()).isEqualTo(3);
    assertThat(totals.get()).isEqualTo(4);
    assertThat(sizes.get()).isEqualTo(1);
  }

  @Test
  void theWrapperIsAFinalClassWithTheDesignedConstructorRetryingWithTheSystemRetrier()
      throws Exception {
    assertThat(Modifier.isFinal(RetryingLedger.class.getModifiers())).isTrue();
    assertThat(Modifier.isPublic(RetryingLedger.class.getModifiers())).isTrue();
    Constructor<RetryingLedger> constructor = RetryingLedger.class.getConstructor(Ledger.class);
    FlakyLedger delegate = new FlakyLedger().failing("doubled", 1);
    assertThat(constructor.newInstance(delegate).doubled("a")).isEqualTo(42);
    assertThat(delegate.calls("doubled")).isEqualTo(2);
  }

  /** A ledger over generated DAOs: credit reads and writes in one transaction. */
  private static final class DaoLedger implements Ledger {
    private final StateDatabase db;
    private final AccountDao accounts;
    final AtomicInteger credits = new AtomicInteger();
    final AtomicInteger opens = new AtomicInteger();

    DaoLedger(StateDatabase db) {
      this.db = db;
      this.accounts = new AccountDao(db);
    }

    @Override
    public void open(String account) {
      opens.incrementAndGet();
      accounts.insert(Account.of(account, 0));
    }

    @Override
    public void credit(String account, long amount) {
      credits.incrementAndGet();
      db.inTransaction(
          () -> {
            Account a = accounts.findById(account).orElseThrow();
            accounts.upsert(
                new Account(a.id(), a.email(), a.balance() + amount, a.kind(), a.updatedAt()));
          });
    }

    @Override
    public long balance(String account) {
      return accounts.findById(account).map(Account::balance).orElse(-1L);
    }

    @Override
    public int transferAll(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T extends Comparable<? super T>> T largest(List<T> values) {
      throw new UnsupportedOperationException();
    }

    @Override
    public char[] initials(boolean upper, String... names) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void againstARealLockOnlyTheAnnotatedMethodRetriesAndItsTransactionCommitsOnce()
      throws Exception {
    try (StateDatabase db =
        StateDatabase.builder()
            .file(dir.resolve("ledger.db"))
            .tables(AccountDao.TABLE)
            .busyTimeout(Duration.ofMillis(20))
            .retryPolicy(RetryPolicy.NONE)
            .open()) {
      DaoLedger delegate = new DaoLedger(db);
      Ledger ledger = new RetryingLedger(delegate);
      ledger.open("a");
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(0);
      try (Connection holder =
          DriverManager.getConnection(
              "jdbc:sqlite:" + dir.resolve("ledger.db"), config.toProperties())) {
        try (Statement s = holder.createStatement()) {
          s.execute("BEGIN IMMEDIATE");
        }
        CompletableFuture<Void> release =
            CompletableFuture.runAsync(
                () -> {
                  try (Statement s = holder.createStatement()) {
                    Thread.sleep(300);
                    s.execute("ROLLBACK");
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                },
                THREADS);

        // plain: the DAO's own policy (NONE) applies, one attempt
        RetryExhaustedException plain =
            assertThrows(RetryExhaustedException.class, () -> ledger.open("b"));
        // retried: the whole transaction reruns under the wrapper's policy until the lock is gone
        ledger.credit("a", 10);

        release.get(10, TimeUnit.SECONDS);
        assertThat(plain.attempts()).isEqualTo(1);
        assertThat(plain.lastCause().resultCode()).isEqualTo(5);
      }
      assertThat(delegate.opens.get()).isEqualTo(2);
      assertThat(delegate.credits.get()).isGreaterThan(1);
      assertThat(ledger.balance("a")).isEqualTo(10);
      assertThat(ledger.balance("b")).isEqualTo(-1);
      // the transaction inside the wrapper never retried by itself
      assertThat(db.metrics().retries()).isEqualTo(0);
      assertThat(db.metrics().transientFailures()).isAtLeast((long) delegate.credits.get());
    }
  }
}
