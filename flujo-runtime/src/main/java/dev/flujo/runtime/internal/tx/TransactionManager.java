package dev.flujo.runtime.internal.tx;

import dev.flujo.runtime.OperationListener;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.TransientStateException;
import dev.flujo.runtime.internal.error.SqliteErrors;
import dev.flujo.runtime.internal.notify.ChangeHub;
import dev.flujo.runtime.internal.pool.ConnectionPool;
import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.spi.Attempt;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.Binder;
import dev.flujo.runtime.spi.RowMapper;
import dev.flujo.runtime.spi.SqlStatement;
import dev.flujo.runtime.spi.StatementCallback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements and transactions for one database.
 *
 * <ul>
 *   <li>Writers are serialized in this process by a fair lock taken before a connection is
 *       borrowed, so threads never meet SQLite's busy handler because of each other and wait in
 *       arrival order; readers take no lock.
 *   <li>A transaction binds its connection to the calling thread: statements run on that thread
 *       inside it use it and do not retry alone; nested transactions are savepoints. Other threads
 *       never join it.
 *   <li>Outside a transaction, a statement retries transient failures under its policy; a
 *       transaction reruns its whole body.
 *   <li>A connection whose state is unknown after a failure is evicted from the pool, never
 *       returned to it.
 *   <li>After each write the database file is checked to still be the one opened ({@link
 *       DatabaseFile}), and the WAL is kept bounded ({@link WalCheckpointer}).
 *   <li>Every borrowed connection is tracked as a {@link Lease}, so that {@link #close(Duration)}
 *       can wait for work in flight and then close, itself, every connection still in use
 *       (HikariCP's abort of an in-use connection does nothing for sqlite-jdbc).
 *   <li>A stream outside a transaction gives its connection back as soon as it is read to the end
 *       or fails, not only when closed; one left open past the leak threshold is reported with
 *       the stack that opened it.
 * </ul>
 */
public final class TransactionManager implements Transactions {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionManager.class);

  /** Timer of stream leak reports, shared by every database; one daemon thread, started lazily. */
  private static final class LeakTimer {
    static final ScheduledExecutorService TIMER = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "flujo-stream-leak-timer");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /** What a lease is used for. */
  enum Kind {
    STATEMENT,
    TRANSACTION,
    STREAM
  }

  /**
   * One unit of work of this database: a statement, a transaction or a stream outside a
   * transaction, and the connection it borrowed. Registered before the connection is borrowed, so
   * that {@link #close(Duration)} either sees it or it sees the database closed.
   */
  static final class Lease {
    final Kind kind;
    final String operation;
    final Thread owner;
    final long openedNanos;
    final Throwable origin;
    private Connection borrowed;
    private PooledSqliteConnection physical;
    private boolean revoked;
    volatile ScheduledFuture<?> leakReport;

    Lease(Kind kind, String operation, Throwable origin) {
      this.kind = kind;
      this.operation = operation;
      this.owner = Thread.currentThread();
      this.openedNanos = System.nanoTime();
      this.origin = origin;
    }

    synchronized PooledSqliteConnection physical() {
      return physical;
    }

    synchronized boolean attach(Connection borrowed, PooledSqliteConnection physical) {
      this.borrowed = borrowed;
      this.physical = physical;
      return !revoked;
    }

    /** Whether {@link #close(Duration)} closed this lease's connection under it. */
    synchronized boolean revoked() {
      return revoked;
    }

    synchronized PooledSqliteConnection revoke() {
      revoked = true;
      return physical;
    }

    /** How long ago it was opened. */
    long ageNanos() {
      return System.nanoTime() - openedNanos;
    }

    /** Where and when it was opened, for reports. */
    String describe() {
      return operation
          + " opened "
          + TimeUnit.NANOSECONDS.toMillis(ageNanos())
          + " ms ago on thread "
          + owner.getName()
          + (origin == null ? "" : " at " + originFrame(origin));
    }
  }

  /** The most nested transactions one thread may open; deeper nesting is taken for a bug. */
  public static final int MAX_NESTING = 200;

  /** The failure of a transaction nested more than {@link #MAX_NESTING} levels deep. */
  public static IllegalStateException nestedTooDeep() {
    return new IllegalStateException(
        "transactions nest more than "
            + MAX_NESTING
            + " levels deep on this thread; deeper nesting is taken for unbounded recursion (it"
            + " would end in a StackOverflowError). Nest less, or run the inner work without"
            + " its own inTransaction");
  }

  private final ConnectionPool pool;
  private final DatabaseFile file;
  private final WalCheckpointer checkpointer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final ChangeHub changes;
  private final long writeLockTimeoutNanos;
  private final ThreadLocal<Transaction> current = new ThreadLocal<>();
  private final RetryPolicy defaultPolicy;
  private final Retrier retrier;
  private final LongAdder operations = new LongAdder();
  private final LongAdder transientFailures = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final long leakThresholdMillis;
  private final String name;
  private volatile boolean closed;
  private final OperationListener listener;

  /**
   * Creates a manager over a pool.
   *
   * @param file the identity of the database file, checked after each write
   * @param walLimitBytes the WAL size past which writers truncate it; 0 or less: never
   * @param writeLockTimeoutMillis how long a writer waits for the in-process write lock before
   *     failing transiently; also the connections' busy timeout
   * @param leakThreshold how long a stream may stay open outside a transaction before it is
   *     reported with the stack that opened it; zero: never
   * @param name the database, as messages name it
   * @param listener told of each statement, transaction, write-lock wait and transient failure
   *     (null: nobody, and no clock reads for it)
   */
  public TransactionManager(
      ConnectionPool pool,
      DatabaseFile file,
      long walLimitBytes,
      RetryPolicy defaultPolicy,
      Retrier retrier,
      long writeLockTimeoutMillis,
      Duration leakThreshold,
      String name,
      OperationListener listener,
      ChangeHub changes) {
    this.listener = listener;
    this.changes = Objects.requireNonNull(changes, "changes");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.file = Objects.requireNonNull(file, "file");
    this.name = Objects.requireNonNull(name, "name");
    this.leakThresholdMillis = leakThreshold == null ? 0 : leakThreshold.toMillis();
    this.checkpointer =
        new WalCheckpointer(
            file, walLimitBytes, (int) writeLockTimeoutMillis, this::oldestReader);
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.writeLockTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeLockTimeoutMillis);
  }

  /** The policy used when a statement or transaction names none. */
  public RetryPolicy defaultPolicy() {
    return defaultPolicy;
  }

  /** The retrier, which counts retries and exhaustions. */
  public Retrier retrier() {
    return retrier;
  }

  /** Statements run and transactions begun, counting every attempt. */
  public long operations() {
    return operations.sum();
  }

  /**
   * Transient failures of this database's operations (busy, locked, lock and pool time-outs),
   * whoever retried them.
   */
  public long transientFailures() {
    return transientFailures.sum();
  }

  /** Truncating WAL checkpoints run to keep the WAL within its limit. */
  public long walCheckpoints() {
    return checkpointer.checkpoints();
  }

  /**
   * Stops the WAL checkpoints writers run until the returned action runs, for an online backup
   * holding an old snapshot: a checkpoint could not restart the log then and would only wait.
   */
  public Runnable pauseCheckpoints() {
    return checkpointer.pause();
  }

  /** Checkpoints that could not restart the WAL because a reader still used it. */
  public long walCheckpointsBlocked() {
    return checkpointer.blocked();
  }

  /** Streams open now outside a transaction, each holding a connection. */
  public int openStreams() {
    return openStreams.get();
  }

  /** Connections evicted because their state was unknown after a failure. */
  public long evictions() {
    return evictions.sum();
  }

  /** Whether the calling thread is inside a transaction of this database. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  /**
   * Runs one statement: inside the calling thread's transaction if there is one (no retry), else on
   * a borrowed connection, retried under the statement's policy.
   *
   * @throws IllegalStateException if the database is closed and the thread is in no transaction
   */
  public <T> T execute(SqlStatement statement, StatementCallback<T> callback) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.run(statement, callback);
    }
    checkOpen();
    long start = System.nanoTime();
    try {
      return executeOnce(statement, callback, start);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e,
          start,
          policy(statement),
          statement.operation(),
          () -> executeOnce(statement, callback, System.nanoTime()));
    }
  }

  private <T> T executeOnce(SqlStatement statement, StatementCallback<T> callback, long start) {
    if (listener != null) {
      return Timed.statement(listener, statement, start, () -> executeUntimed(statement, callback));
    }
    return executeUntimed(statement, callback);
  }

  /** Runs {@code work} and reports it to the listener as one attempt of {@code statement}. */
  <T> T timed(SqlStatement statement, Attempt<T> work) {
    return Timed.statement(listener, statement, work);
  }


  /** The listener, or null. */
  OperationListener listener() {
    return listener;
  }

  private <T> T executeUntimed(SqlStatement statement, StatementCallback<T> callback) {
    operations.increment();
    Lease lease = enter(Kind.STATEMENT, statement.operation(), null);
    boolean announce = false;
    try {
      boolean write = statement.isWrite();
      if (write) {
        lockWriter(statement.operation(), statement.table());
      }
      try {
        Connection borrowed = borrow(lease, statement.operation(), statement.table(), write);
        PooledSqliteConnection physical = null;
        boolean reusable = true;
        try {
          physical = ConnectionPool.physical(borrowed);
          attach(lease, borrowed, physical);
          T result = runOn(physical, statement, callback);
          if (write) {
            afterWrite(physical, statement.operation(), statement.table());
            announce = true;
          }
          return result;
        } catch (SQLException e) {
          reusable = isOpen(physical);
          throw failure(lease, e, statement.operation(), statement.table());
        } finally {
          release(lease, borrowed, reusable);
        }
      } finally {
        if (write) {
          writeLock.unlock();
        }
      }
    } finally {
      leases.remove(lease);
      if (announce) {
        changes.committed(statement.table());
      }
    }
  }

  static <T> T runOn(
      PooledSqliteConnection connection, SqlStatement statement, StatementCallback<T> callback)
      throws SQLException {
    PreparedStatement prepared = connection.acquire(statement);
    boolean ok = false;
    try {
      T result = callback.run(prepared);
      ok = true;
      return result;
    } finally {
      connection.release(statement, prepared, ok);
    }
  }

  /**
   * Opens a lazy stream over a query's rows. Outside a transaction the stream holds a borrowed
   * connection until it is read to the end, fails or is closed, whichever comes first; opening is
   * retried, reading is not. Inside one it uses the transaction's connection and is closed when
   * the transaction ends.
   *
   * @throws IllegalStateException if the database is closed and the thread is in no transaction
   */
  public <T> Stream<T> stream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    Transaction tx = current.get();
    if (tx != null) {
      return tx.stream(statement, binder, mapper);
    }
    checkOpen();
    long start = System.nanoTime();
    try {
      return openStream(statement, binder, mapper);
    } catch (TransientStateException e) {
      return retrier.retryAfter(
          e,
          start,
          policy(statement),
          statement.operation(),
          () -> openStream(statement, binder, mapper));
    }
  }

  private <T> Stream<T> openStream(SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    if (listener != null) {
      return timed(statement, () -> openStreamUntimed(statement, binder, mapper));
    }
    return openStreamUntimed(statement, binder, mapper);
  }

  private <T> Stream<T> openStreamUntimed(
      SqlStatement statement, Binder binder, RowMapper<T> mapper) {
    operations.increment();
    String operation = statement.operation();
    Throwable origin =
        leakThresholdMillis > 0
            ? new Throwable("stream of " + operation + " opened here, on thread "
                + Thread.currentThread().getName())
            : null;
    Lease lease = enter(Kind.STREAM, operation, origin);
    Connection borrowed;
    try {
      borrowed = borrow(lease, operation, statement.table(), false);
    } catch (RuntimeException | Error e) {
      leases.remove(lease);
      throw e;
    }
    openStreams.incrementAndGet();
    Runnable giveBack =
        () -> {
          ScheduledFuture<?> report = lease.leakReport;
          if (report != null) {
            report.cancel(false);
          }
          PooledSqliteConnection physical = lease.physical();
          try {
            release(lease, borrowed, isOpen(physical));
          } finally {
            openStreams.decrementAndGet();
            leases.remove(lease);
            checkpointer.readerEnded(this::tryCheckpointAfterReader);
          }
        };
    PooledSqliteConnection physical = null;
    try {
      physical = ConnectionPool.physical(borrowed);
      attach(lease, borrowed, physical);
      Stream<T> stream =
          RowStream.open(
              physical,
              statement,
              binder,
              mapper,
              e -> failure(lease, e, operation, statement.table()),
              giveBack);
      if (origin != null) {
        lease.leakReport =
            LeakTimer.TIMER.schedule(
                () -> reportLeak(lease), leakThresholdMillis, TimeUnit.MILLISECONDS);
      }
      return stream;
    } catch (SQLException e) {
      giveBack.run();
      throw failure(lease, e, operation, statement.table());
    } catch (RuntimeException | Error e) {
      giveBack.run();
      throw e;
    }
  }

  private void reportLeak(Lease lease) {
    if (leases.contains(lease)) {
      LOG.warn(
          "a stream of {} ({}) is still open and holds a connection of pool {}; read it to the"
              + " end or close it (try-with-resources). It was opened at:",
          name,
          lease.describe(),
          pool.name(),
          lease.origin);
    }
  }

  /**
   * Runs {@code body} in a transaction. Outermost: a write transaction takes the write lock and
   * begins {@code IMMEDIATE}, a read transaction begins {@code DEFERRED} with {@code query_only};
   * commit on return, rollback on any throwable; transient failures rerun the whole body under
   * {@code policy} (null: the default). Nested: a savepoint, rolled back alone if {@code body}
   * throws; {@code policy} does not apply, the outermost block retries.
   *
   * @throws IllegalStateException if the database is closed and the thread is in no transaction,
   *     if it was closed while {@code body} ran (the transaction is then rolled back), or if
   *     transactions nest deeper than {@value #MAX_NESTING} levels
   */
  public <T> T inTransaction(RetryPolicy policy, boolean write, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    Transaction tx = current.get();
    if (tx != null) {
      return tx.nested(write, body);
    }
    checkOpen();
    RetryPolicy effective = policy != null ? policy : defaultPolicy;
    String operation = write ? "transaction" : "read transaction";
    return retrier.call(effective, operation, () -> transactionOnce(operation, write, body));
  }

  private <T> T transactionOnce(String operation, boolean write, Supplier<T> body) {
    if (listener == null) {
      return transactionUntimed(operation, write, body);
    }
    return Timed.transaction(listener, write, () -> transactionUntimed(operation, write, body));
  }


  private <T> T transactionUntimed(String operation, boolean write, Supplier<T> body) {
    operations.increment();
    Lease lease = enter(Kind.TRANSACTION, operation, null);
    Set<String> committed = null;
    try {
      if (write) {
        lockWriter(operation, null);
      }
      try {
        Connection borrowed = borrow(lease, operation, null, write);
        Transaction tx = null;
        try {
          PooledSqliteConnection physical;
          try {
            physical = ConnectionPool.physical(borrowed);
            attach(lease, borrowed, physical);
            tx = new Transaction(this, physical, write, lease);
          } catch (SQLException e) {
            throw failure(lease, e, operation, null);
          }
          tx.begin(operation);
          current.set(tx);
          T result;
          try {
            result = body.get();
          } catch (Throwable t) {
            current.remove();
            tx.rollbackAfter(t);
            throw t;
          }
          current.remove();
          if (lease.revoked()) {
            IllegalStateException failure = closedWhileRunning(operation);
            tx.rollbackAfter(failure);
            throw failure;
          }
          tx.commit();
          if (write) {
            afterWrite(physical, operation, null);
            committed = tx.written();
          }
          return result;
        } finally {
          current.remove();
          release(lease, borrowed, tx != null && tx.reusable());
        }
      } finally {
        if (write) {
          writeLock.unlock();
        }
      }
    } finally {
      leases.remove(lease);
      if (!write) {
        checkpointer.readerEnded(this::tryCheckpointAfterReader);
      }
      if (committed != null) {
        changes.committed(committed);
      }
    }
  }

  /**
   * Closes this manager: refuses new work at once, waits up to {@code grace} for statements and
   * transactions in flight to finish, then closes every connection still borrowed (open streams
   * included) so that their transactions roll back and nothing commits afterwards. The pool is
   * closed by the caller after this returns.
   *
   * @return how many connections were still in use after the grace period and were closed
   */
  public int close(Duration grace) {
    closed = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (hasWorkInFlight() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int closedConnections = 0;
    for (Lease lease : new ArrayList<>(leases)) {
      PooledSqliteConnection physical = lease.revoke();
      ScheduledFuture<?> report = lease.leakReport;
      if (report != null) {
        report.cancel(false);
      }
      if (physical == null) {
        continue;
      }
      if (lease.kind != Kind.STREAM) {
        LOG.warn(
            "closing {}: {} did not finish within {} ms; closing its connection, which rolls it"
                + " back",
            name,
            lease.describe(),
            grace.toMillis());
      }
      try {
        physical.close();
        closedConnections++;
      } catch (SQLException e) {
        LOG.warn("closing {}: closing a connection in use failed", name, e);
      }
    }
    return closedConnections;
  }

  private boolean hasWorkInFlight() {
    for (Lease lease : leases) {
      if (lease.kind != Kind.STREAM) {
        return true;
      }
    }
    return false;
  }

  /** The oldest reader of this database holding a connection now, if any. */
  Optional<Lease> oldestReader() {
    return leases.stream()
        .filter(l -> l.kind == Kind.STREAM || "read transaction".equals(l.operation))
        .min(Comparator.comparingLong(l -> l.openedNanos));
  }

  private static String originFrame(Throwable origin) {
    for (StackTraceElement frame : origin.getStackTrace()) {
      if (!frame.getClassName().startsWith("dev.flujo.runtime.")
          && !frame.getClassName().startsWith("java.")) {
        return frame.toString();
      }
    }
    return "(unknown)";
  }

  /** Runs a checkpoint the last reader's end allows, if no writer holds the lock. */
  private void tryCheckpointAfterReader() {
    if (closed || !writeLock.tryLock()) {
      return;
    }
    try {
      Connection borrowed = pool.borrow();
      try {
        checkpointer.checkpointNow(ConnectionPool.physical(borrowed));
      } finally {
        borrowed.close();
      }
    } catch (SQLException e) {
      LOG.debug("checkpoint after the last reader ended failed; the next writer tries again", e);
    } finally {
      writeLock.unlock();
    }
  }

  private Lease enter(Kind kind, String operation, Throwable origin) {
    Lease lease = new Lease(kind, operation, origin);
    leases.add(lease);
    if (closed) {
      leases.remove(lease);
      throw closedException();
    }
    return lease;
  }

  private void attach(Lease lease, Connection borrowed, PooledSqliteConnection physical) {
    if (!lease.attach(borrowed, physical)) {
      throw closedWhileRunning(lease.operation);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("StateDatabase " + name + " is closed");
  }

  IllegalStateException closedWhileRunning(String operation) {
    return new IllegalStateException(
        operation
            + ": StateDatabase "
            + name
            + " was closed while this ran and its work did not finish within the close time-out;"
            + " its connection was closed and nothing of it was committed");
  }

  /**
   * After a write committed, with the write lock held: refuses to acknowledge it if the file was
   * deleted or replaced meanwhile, and keeps the WAL bounded.
   */
  private void afterWrite(PooledSqliteConnection connection, String operation, String table) {
    file.checkUnmoved(operation, table);
    checkpointer.afterWrite(connection);
  }

  private RuntimeException failure(Lease lease, SQLException e, String operation, String table) {
    if (lease.revoked()) {
      IllegalStateException closedFailure = closedWhileRunning(operation);
      closedFailure.initCause(e);
      return closedFailure;
    }
    return failure(e, operation, table);
  }

  /** Translates a failure of this database, counting it if it is transient. */
  StateException failure(SQLException e, String operation, String table) {
    StateException failure = SqliteErrors.translate(e, operation, table);
    if (failure instanceof TransientStateException) {
      transientFailures.increment();
      if (listener != null) {
        listener.transientFailure(table, operation, kind(failure.resultCode()));
      }
    }
    return failure;
  }

  private static String kind(int resultCode) {
    if (resultCode == StateException.NO_RESULT_CODE) {
      return "pool_timeout";
    }
    switch (resultCode & 0xff) {
      case 5:
        return "busy";
      case 6:
        return "locked";
      default:
        return "sqlite_" + resultCode;
    }
  }

  void countOperation() {
    operations.increment();
  }

  private RetryPolicy policy(SqlStatement statement) {
    RetryPolicy p = statement.retryPolicy();
    return p != null ? p : defaultPolicy;
  }

  private void lockWriter(String operation, String table) {
    if (Thread.currentThread().isInterrupted()
        && !writeLock.hasQueuedThreads()
        && writeLock.tryLock()) {
      // an interrupted thread still writes when it need not wait; the flag stays set
      return;
    }
    boolean locked;
    long start = listener != null ? System.nanoTime() : 0L;
    try {
      locked = writeLock.tryLock(writeLockTimeoutNanos, TimeUnit.NANOSECONDS);
      if (listener != null) {
        listener.writeLockWait(table, operation, System.nanoTime() - start);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException(
          where(operation, table)
              + ": interrupted while waiting for the write lock held by another thread",
          e,
          table,
          null,
          StateException.NO_RESULT_CODE);
    }
    if (!locked) {
      transientFailures.increment();
      if (listener != null) {
        listener.transientFailure(table, operation, "write_lock_timeout");
      }
      throw new TransientStateException(
          where(operation, table)
              + ": waited "
              + TimeUnit.NANOSECONDS.toMillis(writeLockTimeoutNanos)
              + " ms (the busy timeout) for the write lock, held by another thread of this"
              + " process; a long write transaction blocks every other writer",
          null,
          table,
          null,
          StateException.NO_RESULT_CODE);
    }
  }

  /**
   * Borrows a connection for {@code lease}. A write on a thread whose open streams, with those of
   * other threads, hold every connection fails fast ({@link #refuseIfStarvedByOwnStreams}); any
   * other call waits up to the connection time-out, whose message then names this thread's open
   * streams.
   */
  private Connection borrow(Lease lease, String operation, String table, boolean write) {
    int mine = openStreams.get() > 0 ? streamsOf(Thread.currentThread(), lease) : 0;
    if (write && mine > 0) {
      refuseIfStarvedByOwnStreams(lease, mine, operation, table);
    }
    try {
      return pool.borrow();
    } catch (SQLException e) {
      String where =
          operation
              + " (borrowing from pool "
              + pool.name()
              + (mine == 0
                  ? ""
                  : "; this thread holds "
                      + mine
                      + " open stream(s) outside a transaction, each holding a connection of the"
                      + " pool: read the stream inside db.readTransaction or db.inTransaction,"
                      + " collect it to a list first, or close it")
              + ")";
      throw failure(lease, e, where, table);
    }
  }

  private int streamsOf(Thread thread, Lease except) {
    int n = 0;
    for (Lease lease : leases) {
      if (lease.kind == Kind.STREAM && lease.owner == thread && lease != except) {
        n++;
      }
    }
    return n;
  }

  /**
   * Fails a write fast instead of waiting for a connection that cannot come: the calling thread
   * holds {@code mine} open streams outside a transaction, and open streams hold every connection
   * of the pool.
   */
  private void refuseIfStarvedByOwnStreams(
      Lease borrowing, int mine, String operation, String table) {
    if (pool.idle() > 0) {
      return;
    }
    int all = 0;
    for (Lease lease : leases) {
      if (lease.kind == Kind.STREAM && lease != borrowing && lease.physical() != null) {
        all++;
      }
    }
    if (mine == 0 || all < pool.size()) {
      return;
    }
    throw new IllegalStateException(
        where(operation, table)
            + ": this thread holds "
            + mine
            + " open stream(s) outside a transaction and open streams hold all "
            + pool.size()
            + " connections of pool "
            + pool.name()
            + ", so no connection can come free for this call. Read the stream and write inside one"
            + " db.inTransaction(...) (its streams and writes share one connection), collect the"
            + " stream to a list first, close streams you no longer need, or raise poolSize");
  }

  /**
   * Returns a borrowed connection to the pool, or evicts it when its state is unknown; an evicted
   * connection is closed by the pool and never handed out again. A connection closed by {@link
   * #close(Duration)} is only handed back.
   */
  private void release(Lease lease, Connection borrowed, boolean reusable) {
    if (lease.revoked()) {
      try {
        borrowed.close();
      } catch (SQLException e) {
        LOG.debug("returning a connection closed at close() failed", e);
      }
      return;
    }
    if (!reusable) {
      evict(borrowed, "its transaction state is unknown after a failure");
      return;
    }
    try {
      borrowed.close();
    } catch (SQLException e) {
      LOG.debug("returning a connection to pool {} failed", pool.name(), e);
      evict(borrowed, "returning it to the pool failed");
    }
  }

  private void evict(Connection borrowed, String reason) {
    evictions.increment();
    LOG.warn("evicting a connection of pool {}: {}", pool.name(), reason);
    pool.evict(borrowed);
  }

  private static boolean isOpen(PooledSqliteConnection connection) {
    try {
      return connection != null && !connection.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  private static String where(String operation, String table) {
    return table == null ? operation : operation + " on " + table;
  }
}
