package dev.flujo.runtime;

import dev.flujo.runtime.internal.backup.OnlineBackup;
import dev.flujo.runtime.internal.backup.Restore;
import dev.flujo.runtime.internal.notify.ChangeHub;
import dev.flujo.runtime.internal.notify.PgChangeListener;
import dev.flujo.runtime.internal.notify.Publishers;
import dev.flujo.runtime.internal.notify.SqlitePoller;
import dev.flujo.runtime.internal.pg.PgErrors;
import dev.flujo.runtime.internal.pg.PgPool;
import dev.flujo.runtime.internal.pg.PgQueryCheck;
import dev.flujo.runtime.internal.pg.PgSchema;
import dev.flujo.runtime.internal.pg.PgTransactions;
import dev.flujo.runtime.internal.pg.PgUrls;
import dev.flujo.runtime.internal.pool.ConnectionPool;
import dev.flujo.runtime.internal.pool.DatabaseFile;
import dev.flujo.runtime.internal.pool.DatabaseLocation;
import dev.flujo.runtime.internal.pool.OpenFiles;
import dev.flujo.runtime.internal.pool.PoolGauges;
import dev.flujo.runtime.internal.pool.PooledSqliteConnection;
import dev.flujo.runtime.internal.pool.ReadOnlyFile;
import dev.flujo.runtime.internal.pool.SqliteConnectionFactory;
import dev.flujo.runtime.internal.schema.CorruptionGuard;
import dev.flujo.runtime.internal.schema.SchemaManager;
import dev.flujo.runtime.internal.schema.SchemaMetadata;
import dev.flujo.runtime.internal.tx.DatabaseSession;
import dev.flujo.runtime.internal.tx.TransactionManager;
import dev.flujo.runtime.internal.tx.Transactions;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.SessionAccess;
import dev.flujo.runtime.spi.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database: a HikariCP pool over one file (or a named in-memory database), its
 * configuration (WAL, {@code synchronous}, {@code busy_timeout}, {@code foreign_keys=ON}), the
 * tables created or migrated at {@link Builder#open()}, transactions and retries.
 *
 * <pre>{@code
 * StateDatabase db = StateDatabase.builder()
 *     .file(Path.of("state.db"))
 *     .tables(WorkflowStateDao.TABLE)
 *     .open();
 * WorkflowStateDao states = new WorkflowStateDao(db);
 * db.inTransaction(() -> states.upsert(state));
 * db.close();
 * }</pre>
 *
 * <p>Thread-safe. Writes are serialized inside the process; reads run in parallel with them.
 */
public final class StateDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);
  private static final long DEFAULT_WAL_SIZE_LIMIT = 64L * 1024 * 1024;
  private static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private final DatabaseLocation location;
  private final String name;
  private final List<TableDefinition> tables;
  private final Clock clock;
  private final PoolGauges pool;
  private final Transactions transactions;
  private final PooledSqliteConnection keeper;
  private final Path recoveredFrom;
  private final DatabaseFile file;
  private final DatabaseSession session;
  private final int busyTimeoutMillis;
  private final Duration closeTimeout;
  private final OpenFiles.Registration registration;
  private final ChangeHub changes;
  private volatile AutoCloseable watcher;
  private volatile List<String> schemaChanges = List.of();
  private volatile boolean closed;

  static {
    SessionAccess.install(db -> db.session);
  }

  private StateDatabase(
      Builder builder,
      DatabaseLocation location,
      ConnectionPool pool,
      PooledSqliteConnection keeper,
      Path recoveredFrom,
      DatabaseFile file,
      OpenFiles.Registration registration) {
    this.location = location;
    this.name = location.toString();
    this.tables = List.copyOf(builder.tables);
    this.clock = builder.clock;
    this.pool = pool;
    this.keeper = keeper;
    this.recoveredFrom = recoveredFrom;
    this.file = file;
    this.changes = new ChangeHub(name);
    this.transactions =
        new TransactionManager(
            pool,
            file,
            builder.walSizeLimit,
            builder.retryPolicy,
            new Retrier(builder.sleeper, builder.random, builder.listener),
            builder.busyTimeout.toMillis(),
            builder.leakDetection,
            location.toString(),
            builder.listener,
            changes);
    Path watched = location.file();
    Duration poll = builder.changePollInterval;
    int busy = (int) builder.busyTimeout.toMillis();
    if (watched != null && !poll.isZero()) {
      changes.onFirstListener(
          () ->
              watcher =
                  new SqlitePoller(
                      () -> ReadOnlyFile.watching(watched, busy), changes, poll, name));
    }
    this.closeTimeout = builder.closeTimeout;
    this.registration = registration;
    this.session =
        new DatabaseSession(this, transactions, builder.tables, clock, Dialect.SQLITE, null);
    this.busyTimeoutMillis = (int) builder.busyTimeout.toMillis();
  }

  private StateDatabase(Builder builder, String name, PgPool pool, String url) {
    this.location = null;
    this.name = name;
    this.tables = List.copyOf(builder.tables);
    this.clock = builder.clock;
    this.pool = pool;
    this.keeper = null;
    this.recoveredFrom = null;
    this.file = null;
    this.changes = new ChangeHub(name);
    String origin = java.util.UUID.randomUUID().toString();
    this.transactions =
        new PgTransactions(
            pool,
            builder.retryPolicy,
            new Retrier(builder.sleeper, builder.random, builder.listener),
            builder.listener,
            name,
            changes,
            origin,
            builder.notifyOtherClients);
    String user = builder.user;
    String password = builder.password;
    changes.onFirstListener(
        () -> watcher = new PgChangeListener(url, user, password, origin, changes, name));
    this.closeTimeout = builder.closeTimeout;
    this.registration = null;
    this.session =
        new DatabaseSession(
            this,
            transactions,
            builder.tables,
            clock,
            Dialect.POSTGRESQL,
            queries -> verifyQueries(pool, name, List.of(queries)));
    this.busyTimeoutMillis = (int) builder.busyTimeout.toMillis();
  }

  private static void verifyQueries(PgPool pool, String name, List<QuerySet> queries) {
    try (Connection connection = pool.borrow()) {
      PgQueryCheck.check(connection, queries);
    } catch (SQLException e) {
      throw PgErrors.translate(e, "checking queries on " + name, null, false);
    }
  }

  /** Starts configuring a database. */
  public static Builder builder() {
    return new Builder();
  }

  /** The database this runs on; chosen by the URL given to the builder. */
  public Dialect dialect() {
    return session.dialect();
  }

  /** The clock DAOs read for {@code @CreatedAt} and {@code @UpdatedAt}. */
  public Clock clock() {
    return clock;
  }

  /** The retry policy of operations that declare none. */
  public RetryPolicy defaultRetryPolicy() {
    return transactions.defaultPolicy();
  }

  /** The database file, or empty for an in-memory database. */
  public Optional<Path> file() {
    return location == null ? Optional.empty() : Optional.ofNullable(location.file());
  }

  /**
   * Where the previous, corrupt file was moved when this database was opened, or empty if the file
   * was sound.
   */
  public Optional<Path> recoveredFrom() {
    return Optional.ofNullable(recoveredFrom);
  }

  /** What {@link Builder#open()} changed in the schema, one line each; for tests. */
  List<String> schemaChanges() {
    return schemaChanges;
  }

  /** The tables this database was opened with. */
  public List<TableDefinition> tables() {
    return tables;
  }

  /**
   * Runs {@code body} in a write transaction and returns its result.
   *
   * <ul>
   *   <li>Every DAO call this thread makes inside it uses the transaction's connection; calls from
   *       other threads do not join it.
   *   <li>It begins {@code IMMEDIATE}: the write lock is taken at the start, where {@code
   *       busy_timeout} applies, and writers of this process wait for each other in turn.
   *   <li>It commits when {@code body} returns and rolls back if it throws anything, {@link Error}
   *       included; the throwable propagates unchanged, with any rollback failure added to it as
   *       suppressed. A failed commit rolls back and throws.
   *   <li>A nested call is a savepoint: if its body throws, only its own work is rolled back.
   *   <li>A DAO call inside never retries alone; a transient failure reruns the whole body under
   *       the default retry policy. The body may therefore run more than once: it should have no
   *       effects outside the database, or only idempotent ones.
   * </ul>
   *
   * @throws RetryExhaustedException if every attempt failed transiently
   */
  public <T> T inTransaction(Supplier<T> body) {
    return inTransaction(null, body);
  }

  /** Runs {@code body} in a write transaction; see {@link #inTransaction(Supplier)}. */
  public void inTransaction(Runnable body) {
    Objects.requireNonNull(body, "body");
    inTransaction(
        null,
        () -> {
          body.run();
          return null;
        });
  }

  /**
   * Runs {@code body} in a write transaction, rerunning it under {@code policy} (null: the default
   * policy) on transient failures; see {@link #inTransaction(Supplier)}. Nested inside another
   * transaction it is a savepoint and {@code policy} does not apply: the outermost block retries.
   */
  public <T> T inTransaction(RetryPolicy policy, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return transactions.inTransaction(policy, true, body);
  }

  /** Runs {@code body} in a write transaction under {@code policy}. */
  public void inTransaction(RetryPolicy policy, Runnable body) {
    Objects.requireNonNull(body, "body");
    inTransaction(
        policy,
        () -> {
          body.run();
          return null;
        });
  }

  /**
   * Runs {@code body} in a read-only transaction: every read inside it sees one consistent
   * snapshot, it runs in parallel with the writer (WAL), and a write inside it fails with {@link
   * IllegalStateException} (a DAO write) or a {@link StateException} with SQLite's {@code
   * READONLY} code (any other write). Nested inside {@link #inTransaction(Supplier)} it is a
   * savepoint that forbids writes until it ends. Transient failures rerun it under the default
   * policy.
   */
  public <T> T readTransaction(Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    return transactions.inTransaction(null, false, body);
  }

  /** Runs {@code body} in a read-only transaction; see {@link #readTransaction(Supplier)}. */
  public void readTransaction(Runnable body) {
    Objects.requireNonNull(body, "body");
    readTransaction(
        () -> {
          body.run();
          return null;
        });
  }

  /** Whether the calling thread is inside a transaction of this database. */
  public boolean inTransaction() {
    return transactions.inTransaction();
  }

  /**
   * Calls {@code listener} after each commit that changed any of {@code tables} (none given: any
   * table of this database), with the names (lower case) of the changed tables among them. Writes
   * through generated DAOs and {@code @StateQueries} statements count; a rolled-back transaction
   * or savepoint announces nothing, and nothing is announced before its commit.
   *
   * <ul>
   *   <li>Calls run on Flujo's notification threads, never while this database holds its write
   *       lock, one at a time per subscription. Changes made while a call runs are merged into the
   *       next call, so a slow listener gets the latest, never a backlog.
   *   <li>Other processes' commits are heard too: on SQLite by polling {@code PRAGMA data_version}
   *       every {@link Builder#changePollInterval} (announced as every subscribed table, since
   *       SQLite does not say which; this database's own commits may then be announced twice);
   *       on PostgreSQL through {@code LISTEN}/{@code NOTIFY}, from any host, with the listening
   *       connection reopened by itself after a server restart and every table announced then.
   *   <li>An exception the listener throws is logged; it stays subscribed.
   * </ul>
   *
   * @throws IllegalStateException if a table is not part of this database, or it is closed
   */
  public ChangeSubscription subscribe(Consumer<Set<String>> listener, TableDefinition... tables) {
    Objects.requireNonNull(listener, "listener");
    ChangeHub.Listener registered = changes.listen(tableNames(tables), listener);
    return subscription(registered);
  }

  /**
   * The changes of {@link #subscribe} as a {@link Flow.Publisher}: each item is the set of changed
   * tables; while a subscriber has no demand, changes are merged into one pending item. Completes
   * when the database closes. Reactor, RxJava and Mutiny adapt it without glue.
   */
  public Flow.Publisher<Set<String>> changes(TableDefinition... tables) {
    return Publishers.changes(changes, tableNames(tables));
  }

  /**
   * Observes a query: each subscriber gets {@code query}'s result when it subscribes, then a fresh
   * result after each commit that changed one of {@code tables} (the tables the query reads).
   * Results are coalesced: a subscriber without demand gets only the latest, and memory stays
   * bounded. The query runs on Flujo's notification threads, one run at a time per subscriber;
   * it must not return null (use {@code Optional}). A query that throws ends that subscriber's
   * stream with the exception; the stream completes when the database closes.
   */
  public <T> Flow.Publisher<T> observe(Supplier<T> query, TableDefinition... tables) {
    Objects.requireNonNull(query, "query");
    return Publishers.query(
        changes, tableNames(tables), () -> Objects.requireNonNull(query.get(), "query result"));
  }

  /**
   * Observes a query of a generated {@code @StateQueries} implementation: like {@link
   * #observe(Supplier, TableDefinition...)}, with the tables taken from its {@code QUERIES}: every
   * table the interface's statements read or write, as the processor found them in SQLite's
   * program for each (joins and sub-queries included), plus {@code alsoReads}.
   */
  public <T> Flow.Publisher<T> observe(
      Supplier<T> query, QuerySet queries, TableDefinition... alsoReads) {
    Objects.requireNonNull(query, "query");
    List<String> names = new ArrayList<>(queries.tables());
    names.addAll(tableNames(alsoReads));
    return Publishers.query(
        changes, names, () -> Objects.requireNonNull(query.get(), "query result"));
  }

  /**
   * Observes a query with a callback: {@code callback} gets the current result, then a fresh one
   * after each commit that changed one of {@code tables}; see {@link #observe(Supplier,
   * TableDefinition...)}.
   */
  public <T> ChangeSubscription observe(
      Supplier<T> query, Consumer<? super T> callback, TableDefinition... tables) {
    Objects.requireNonNull(callback, "callback");
    java.util.concurrent.atomic.AtomicReference<Flow.Subscription> upstream =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    observe(query, tables)
        .subscribe(
            new Flow.Subscriber<T>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                upstream.set(s);
                if (ended.get()) {
                  s.cancel();
                } else {
                  s.request(Long.MAX_VALUE);
                }
              }

              @Override
              public void onNext(T item) {
                try {
                  callback.accept(item);
                } catch (RuntimeException e) {
                  LOG.warn("an observer of {} failed; it stays subscribed", name, e);
                }
              }

              @Override
              public void onError(Throwable e) {
                ended.set(true);
                LOG.warn("an observed query of {} failed; the observation ended", name, e);
              }

              @Override
              public void onComplete() {
                ended.set(true);
              }
            });
    return new ChangeSubscription() {
      @Override
      public void close() {
        ended.set(true);
        Flow.Subscription s = upstream.get();
        if (s != null) {
          s.cancel();
        }
      }

      @Override
      public boolean isClosed() {
        return ended.get();
      }
    };
  }

  private List<String> tableNames(TableDefinition... tables) {
    List<String> names = new ArrayList<>();
    for (TableDefinition t : tables) {
      session.requireTable(Objects.requireNonNull(t, "table"));
      names.add(t.name().toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }

  private static ChangeSubscription subscription(ChangeHub.Listener listener) {
    return new ChangeSubscription() {
      @Override
      public void close() {
        listener.close();
      }

      @Override
      public boolean isClosed() {
        return listener.isClosed();
      }
    };
  }

  /** Counters and pool state at this moment. */
  public Metrics metrics() {
    Retrier r = transactions.retrier();
    return new Metrics(
        transactions.operations(),
        r.retries(),
        transactions.transientFailures(),
        r.exhausted(),
        pool.active(),
        pool.idle(),
        pool.waiting(),
        pool.total(),
        transactions.openStreams(),
        transactions.walCheckpoints(),
        transactions.walCheckpointsBlocked());
  }

  /**
   * Writes a consistent snapshot of this database to {@code target} while writers keep writing.
   *
   * <p>A dedicated connection copies one read snapshot (SQLite's online backup API, in one step) to
   * a temporary name beside {@code target}; the copy is made a self-contained file (rollback
   * journal, no {@code -wal}), must pass {@code PRAGMA quick_check}, is fsynced and then renamed
   * onto {@code target}, replacing an earlier backup there atomically. Writers never wait for the
   * backup (WAL); the size limit of the WAL is not enforced while the snapshot is held. A failure
   * or a crash never leaves a file under {@code target}'s name that was not checked. See
   * docs/operations.md.
   *
   * @return what was written
   * @throws UnsupportedOperationException for an in-memory database
   * @throws IllegalArgumentException if {@code target} is this database's file, a directory, or
   *     has a {@code -wal} or {@code -journal} beside it
   * @throws StateException if the copy, its check or the rename fails
   */
  public BackupReport backupTo(Path target) {
    return backupTo(target, OnlineBackup.Method.BACKUP_API);
  }

  /** Backs up with the given method; for measuring the alternatives. */
  BackupReport backupTo(Path target, OnlineBackup.Method method) {
    Objects.requireNonNull(target, "target");
    if (closed) {
      throw new IllegalStateException("StateDatabase " + name + " is closed");
    }
    if (location == null) {
      throw new UnsupportedOperationException(
          "backupTo copies SQLite files; "
              + name
              + " is a PostgreSQL server: back it up with the server's own tools (pg_dump,"
              + " pg_basebackup, or continuous archiving for point-in-time recovery)");
    }
    if (location.isMemory()) {
      throw new UnsupportedOperationException(
          "backupTo needs a database file; "
              + location
              + " is an in-memory database (open it with .file(...) to back it up)");
    }
    Runnable resume = transactions.pauseCheckpoints();
    try {
      OnlineBackup.Result r = OnlineBackup.run(location, target, busyTimeoutMillis, method);
      LOG.info(
          "backed up {} to {} ({} bytes in {} ms)",
          location,
          r.file(),
          r.bytes(),
          r.elapsedNanos() / 1_000_000);
      return report(r);
    } finally {
      resume.run();
    }
  }

  /**
   * Backs up the database file {@code database}, which this process need not have open (another
   * process may be writing it), exactly as {@link #backupTo(Path)} does; for tools. The file is
   * read through a read-only connection and not otherwise touched.
   *
   * @throws IllegalArgumentException if {@code database} is not a file, or {@code target} is
   *     refused as by {@link #backupTo(Path)}
   * @throws StateException if the copy, its check or the rename fails
   */
  public static BackupReport backup(Path database, Path target) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(target, "target");
    if (!Files.isRegularFile(database)) {
      throw new IllegalArgumentException("no database file " + database);
    }
    return report(
        OnlineBackup.run(
            DatabaseLocation.ofFile(database), target, (int) DEFAULT_BUSY_TIMEOUT.toMillis()));
  }

  private static BackupReport report(OnlineBackup.Result r) {
    return new BackupReport(
        r.file(), r.bytes(), Duration.ofNanos(r.elapsedNanos()), Duration.ofNanos(r.snapshotNanos()));
  }

  /**
   * A read-only JDBC connection to the state file {@code file}, for tools that inspect it: SQLite's
   * read-only flag and {@code PRAGMA query_only}, so writes are refused and no schema is created; a
   * file with no {@code -wal} or {@code -shm} beside it (not in use) is read with {@code
   * immutable=1}, so nothing is created beside it either. The caller closes it.
   *
   * @throws SQLException if SQLite cannot open the file
   */
  public static Connection openReadOnly(Path file) throws SQLException {
    Objects.requireNonNull(file, "file");
    return ReadOnlyFile.open(file, (int) DEFAULT_BUSY_TIMEOUT.toMillis());
  }

  /**
   * What {@code builder().url(url).credentials(user, password).tables(tables).open()} would do to
   * the schema, without doing it. For a SQLite URL this is {@link #plan(Path, Collection)}. On
   * PostgreSQL the same schema code runs in one transaction that is rolled back (PostgreSQL's DDL
   * is transactional), so it briefly takes the locks open would take; nothing is changed.
   *
   * @param user the user, or null if the URL names it
   * @param password the password, or null
   * @throws StateException if the server cannot be reached or fails
   */
  public static SchemaPlan plan(
      String url, String user, String password, Collection<TableDefinition> tables) {
    Objects.requireNonNull(url, "url");
    if (!PgUrls.isPostgres(url)) {
      return plan(DatabaseLocation.ofUrl(url).file(), tables);
    }
    List<TableDefinition> declared = List.copyOf(builder().tables(tables).tables);
    String name = PgUrls.redact(url);
    try (Connection connection =
        user == null
            ? java.sql.DriverManager.getConnection(url)
            : java.sql.DriverManager.getConnection(url, user, password)) {
      try {
        return new SchemaPlan(name, PgSchema.plan(connection, name, declared), Optional.empty());
      } catch (SchemaMismatchException e) {
        return new SchemaPlan(name, List.of(), Optional.of(e.getMessage()));
      }
    } catch (SQLException e) {
      throw PgErrors.translate(e, "planning the schema of " + name, null, false);
    }
  }

  /**
   * What {@code builder().file(file).tables(tables).open()} would do to the file's schema, without
   * doing it; for tools. The schema is compared by the same code {@link Builder#open()} runs, in a
   * read transaction on a read-only connection ({@code immutable=1} when no {@code -wal} or {@code
   * -shm} is beside the file, so nothing is created beside it); the file is not changed. A file that
   * does not exist is compared as an empty database. Migration steps registered on the builder are not
   * known here: where open would run one, the plan is what open would do without it (usually the
   * refusal the step answers). The corruption check open runs is not part of the plan.
   *
   * @param file the database file
   * @param tables the application's tables, as passed to {@link Builder#tables(Collection)}
   * @return the changes open would make, or the message it would refuse with
   * @throws IllegalArgumentException if {@code tables} are refused as by {@link
   *     Builder#tables(Collection)}, or {@code file} is a directory
   * @throws StateException if the file cannot be read
   */
  public static SchemaPlan plan(Path file, Collection<TableDefinition> tables) {
    Objects.requireNonNull(file, "file");
    List<TableDefinition> declared = List.copyOf(builder().tables(tables).tables);
    Path path = file.toAbsolutePath().normalize();
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException("not a database file: " + path);
    }
    try (Connection connection =
        Files.exists(path)
            ? ReadOnlyFile.open(path, (int) DEFAULT_BUSY_TIMEOUT.toMillis())
            : ReadOnlyFile.empty()) {
      try {
        return new SchemaPlan(
            path.toString(),
            SchemaManager.plan(connection, path.toString(), declared),
            Optional.empty());
      } catch (SchemaMismatchException e) {
        return new SchemaPlan(path.toString(), List.of(), Optional.of(e.getMessage()));
      }
    } catch (SQLException e) {
      throw new StateException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts {@code backup} in place of the database file {@code target}, which must not be open.
   *
   * <p>The backup must pass {@code PRAGMA quick_check}. It is copied beside {@code target}, fsynced
   * and renamed onto it; an existing {@code target} and its {@code -wal}, {@code -shm} and {@code
   * -journal} are first moved to {@code <name>.replaced.<UTC timestamp>[.n]}, never deleted. The
   * backup itself is left as it is.
   *
   * @return where the previous {@code target} was moved, or empty if there was none
   * @throws IllegalStateException if a {@code StateDatabase} of this JVM has {@code target} open
   * @throws CorruptDatabaseException if the backup fails its check; nothing was changed
   * @throws StateException if another process has {@code target} open, or a file operation fails
   */
  public static Optional<Path> restore(Path backup, Path target) {
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(target, "target");
    Path file = target.toAbsolutePath().normalize();
    if (OpenFiles.isOpen(file)) {
      throw new IllegalStateException(
          "cannot restore over " + file + ": a StateDatabase of this JVM has it open; close it first");
    }
    return Restore.run(backup, file, Clock.systemUTC());
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the database; idempotent. New work is refused at once with {@link
   * IllegalStateException}; statements, transactions and read transactions already running get
   * up to {@link Builder#closeTimeout} to finish (and commit); then every connection still in use,
   * open streams included, is closed, which rolls its transaction back: a transaction body that
   * returns after that fails with {@link IllegalStateException} and commits nothing. When this
   * returns, no connection of this database to the file is open and nothing of it commits.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      transactions.close(closeTimeout);
    } finally {
      closeResources();
    }
  }

  private void closeResources() {
    AutoCloseable w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (Exception e) {
        LOG.warn("stopping the change watcher of {} failed", name, e);
      }
    }
    changes.close();
    pool.close();
    if (keeper != null) {
      try {
        keeper.close();
      } catch (SQLException e) {
        LOG.warn("closing in-memory database {} failed", location, e);
      }
    }
    if (file != null) {
      file.setAsideOrphans(clock);
    }
    if (registration != null) {
      registration.close();
    }
    LOG.debug("closed {}", name);
  }

  @Override
  public String toString() {
    return "StateDatabase[" + name + "]";
  }

  /** Configures and opens a {@link StateDatabase}. */
  public static final class Builder {
    private DatabaseLocation location;
    private String serverUrl;
    private String user;
    private String password;
    private IsolationLevel isolation = IsolationLevel.SERIALIZABLE;
    private final List<QuerySet> queries = new ArrayList<>();
    private Duration changePollInterval = Duration.ofMillis(100);
    private NotifyMode notifyOtherClients = NotifyMode.IN_TRANSACTION;
    private final List<TableDefinition> tables = new ArrayList<>();
    private final List<SchemaManager.Step> migrations = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private int poolSize = 8;
    private SynchronousMode synchronous = SynchronousMode.NORMAL;
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private Duration leakDetection = Duration.ZERO;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private CorruptionPolicy corruptionPolicy = CorruptionPolicy.BACKUP_AND_RECREATE;
    private boolean quickCheck = true;
    private long walSizeLimit = DEFAULT_WAL_SIZE_LIMIT;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private OperationListener listener;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /** The database file; created with its parent directories if missing. */
    public Builder file(Path file) {
      this.location = DatabaseLocation.ofFile(Objects.requireNonNull(file, "file"));
      this.serverUrl = null;
      return this;
    }

    /**
     * A JDBC URL: SQLite ({@code jdbc:sqlite:...}; {@code jdbc:sqlite::memory:} opens a fresh
     * in-memory database shared by the pool's connections) or PostgreSQL ({@code
     * jdbc:postgresql://host:port/database}, which needs {@code org.postgresql:postgresql} on the
     * class path). The same tables, DAOs and queries run on either; see docs/postgresql.md.
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (PgUrls.isPostgres(url)) {
        this.serverUrl = url;
        this.location = null;
      } else {
        this.location = DatabaseLocation.ofUrl(url);
        this.serverUrl = null;
      }
      return this;
    }

    /**
     * The user and password of a PostgreSQL server (they may also be given in the URL). A SQLite
     * database has none: {@link #open()} refuses them there.
     */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = password;
      return this;
    }

    /**
     * The isolation of transactions on PostgreSQL (default {@link IsolationLevel#SERIALIZABLE},
     * what SQLite gives). SQLite supports only the default.
     */
    public Builder isolation(IsolationLevel level) {
      this.isolation = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * How often a SQLite database with subscribers ({@link StateDatabase#subscribe}) looks for
     * commits made by other processes ({@code PRAGMA data_version} on one extra connection;
     * default 100 ms; zero: do not look). PostgreSQL hears other clients through {@code NOTIFY}
     * instead.
     */
    public Builder changePollInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("the poll interval must not be negative");
      }
      this.changePollInterval = interval;
      return this;
    }

    /**
     * How writes on PostgreSQL tell other clients, so that their subscriptions ({@link
     * StateDatabase#subscribe}) hear them (default {@link NotifyMode#IN_TRANSACTION}). With many
     * concurrent writers and durable commits, {@link NotifyMode#AFTER_COMMIT} or {@link
     * NotifyMode#OFF} avoid the server-wide lock PostgreSQL takes to commit a notifying
     * transaction (docs/notifications.md measures it). Subscribers in this process hear every
     * commit in every mode, and this client hears other clients in every mode. No effect on
     * SQLite, where other processes notice commits by polling ({@link #changePollInterval}).
     */
    public Builder notifyOtherClients(NotifyMode mode) {
      this.notifyOtherClients = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Query sets to check at open: the {@code QUERIES} constants of generated {@code
     * @StateQueries} implementations. On PostgreSQL {@link #open()} prepares each query on the
     * server and fails with one {@link SchemaMismatchException} listing every method whose
     * parameters or results do not fit; on SQLite the processor checked them at compile time.
     */
    public Builder queries(QuerySet... sets) {
      for (QuerySet set : sets) {
        this.queries.add(Objects.requireNonNull(set, "set"));
      }
      return this;
    }

    /**
     * A named in-memory database ({@code file:<name>?mode=memory&cache=shared}), kept alive until
     * {@link StateDatabase#close()}. For tests.
     */
    public Builder inMemory(String name) {
      this.location = DatabaseLocation.inMemory(name);
      this.serverUrl = null;
      return this;
    }

    /** Tables to create or migrate at open: the {@code TABLE} constants of generated DAOs. */
    public Builder tables(TableDefinition... tables) {
      return tables(Arrays.asList(tables));
    }

    /** Tables to create or migrate at open. */
    public Builder tables(Collection<TableDefinition> tables) {
      for (TableDefinition t : tables) {
        Objects.requireNonNull(t, "table");
        if (t.name().equalsIgnoreCase(SchemaMetadata.TABLE)) {
          throw new IllegalArgumentException(
              "table name " + t.name() + " is reserved for Flujo's schema metadata");
        }
        for (TableDefinition existing : this.tables) {
          if (existing.name().equalsIgnoreCase(t.name())) {
            throw new IllegalArgumentException("table " + t.name() + " is listed twice");
          }
        }
        this.tables.add(t);
      }
      return this;
    }

    /** The clock for {@code @CreatedAt}/{@code @UpdatedAt}; defaults to the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Pooled connections (default 8): one writes at a time, the others read in parallel. */
    public Builder poolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("pool size must be at least 1, was " + size);
      }
      this.poolSize = size;
      return this;
    }

    /** {@code PRAGMA synchronous}: {@link SynchronousMode#NORMAL} (default) or FULL. */
    public Builder synchronous(SynchronousMode mode) {
      this.synchronous = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How long SQLite waits for a lock held by another process, and a writer waits for the write
     * lock held by another thread, before the attempt fails as transient (default 5 s).
     */
    public Builder busyTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("busy timeout must not be negative");
      }
      this.busyTimeout = timeout;
      return this;
    }

    /** How long to wait for a pooled connection before failing as transient (default 10 s). */
    public Builder connectionTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connection timeout must be positive");
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * How long {@link StateDatabase#close()} waits for statements and transactions in flight to
     * finish before it closes their connections, rolling them back (default 5 s; zero: do not
     * wait).
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("close timeout must not be negative");
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Logs a warning for a connection borrowed longer than this, and for a stream left open
     * outside a transaction longer than this with the stack that opened it (default: off).
     */
    public Builder leakDetection(Duration threshold) {
      this.leakDetection = Objects.requireNonNull(threshold, "threshold");
      return this;
    }

    /** The retry policy of operations that declare none (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** What to do with a corrupt file at open (default {@link CorruptionPolicy#BACKUP_AND_RECREATE}). */
    public Builder corruptionPolicy(CorruptionPolicy policy) {
      this.corruptionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Registers a migration step for {@code table}: at {@link #open()}, if the file records
     * fingerprint {@code fromFingerprint} for the table (or records none and {@code
     * fromFingerprint} is {@link Migration#UNRECORDED}), the step runs inside the schema
     * transaction before Flujo compares the table with the code. See {@link Migration} and {@link
     * TableRebuild}.
     *
     * @throws IllegalArgumentException if a step is already registered for the same table and
     *     fingerprint
     */
    public Builder migration(String table, String fromFingerprint, Migration step) {
      SchemaManager.Step added = new SchemaManager.Step(table, fromFingerprint, step);
      for (SchemaManager.Step existing : migrations) {
        if (existing.table().equalsIgnoreCase(table)
            && existing.fromFingerprint().equals(fromFingerprint)) {
          throw new IllegalArgumentException(
              "a migration step for table " + table + " from " + fromFingerprint
                  + " is already registered");
        }
      }
      migrations.add(added);
      return this;
    }

    /**
     * Whether open runs {@code PRAGMA quick_check} (default true). It reads every page of the
     * file: seconds per GB with the file in the page cache, tens of seconds per GB from disk
     * (docs/schema.md has measured figures). Switch it off for very large files that are checked
     * by other means; without it, open still detects a file that is not a database or whose schema
     * is unreadable.
     */
    public Builder quickCheck(boolean enabled) {
      this.quickCheck = enabled;
      return this;
    }

    /**
     * The size of the WAL file past which a writer checkpoints and truncates it (default 64 MiB; 0
     * switches this off). SQLite's own checkpoints cannot restart the log while readers keep
     * using it, so under steady reads the WAL would otherwise grow without bound. The check runs
     * every 64 writes; a checkpoint waits at most 200 ms for older readers.
     */
    public Builder walSizeLimit(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("WAL size limit must not be negative, was " + bytes);
      }
      this.walSizeLimit = bytes;
      return this;
    }

    /**
     * Tells {@code listener} about every statement, transaction, write-lock wait, transient failure
     * and retry of this database (default: nobody, at no cost); flujo-micrometer's {@code
     * FlujoMetrics} registers one. One listener per database: a second call replaces the first.
     */
    public Builder listener(OperationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The sleeper between retries; for tests. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The source of uniform numbers in {@code [0, 1)} for retry jitter; for tests. */
    Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Opens the database: checks the file (recovering a corrupt one under the corruption policy),
     * creates or migrates the tables in one {@code IMMEDIATE} transaction (running the registered
     * {@linkplain #migration migration steps}), and starts the pool. See docs/schema.md.
     *
     * @throws CorruptDatabaseException if the file is corrupt and the policy is FAIL, or corruption
     *     shows while the schema is read
     * @throws SchemaMismatchException if a table differs in a way Flujo does not migrate, a
     *     migration step fails, or the file was written by a newer Flujo; the file is unchanged
     * @throws TransientStateException if another connection holds a lock for longer than the busy
     *     timeout
     * @throws IllegalStateException if a migration step names a table not passed to {@link
     *     #tables} or starts from the code's own fingerprint
     * @throws StateException if the file cannot be opened or written (a directory, a read-only
     *     file that needs a schema change)
     */
    public StateDatabase open() {
      if (location == null && serverUrl == null) {
        throw new IllegalStateException("set file(...), url(...) or inMemory(...) before open()");
      }
      SchemaManager.validate(tables, migrations);
      if (serverUrl != null) {
        return openServer();
      }
      if (user != null) {
        throw new IllegalStateException(
            "credentials(...) are for a PostgreSQL server; " + location + " is a SQLite database");
      }
      if (isolation != IsolationLevel.SERIALIZABLE) {
        throw new IllegalStateException(
            "SQLite transactions are always serializable; isolation(" + isolation
                + ") is for PostgreSQL");
      }
      Path file = location.file();
      if (file != null && file.getParent() != null) {
        try {
          Files.createDirectories(file.getParent());
        } catch (IOException e) {
          throw new StateException("cannot create directory " + file.getParent(), e);
        }
      }
      SqliteConnectionFactory factory =
          new SqliteConnectionFactory(location, synchronous, (int) busyTimeout.toMillis());
      OpenFiles.Registration registration = file == null ? null : OpenFiles.register(file);
      PooledSqliteConnection bootstrap;
      CorruptionGuard guard;
      PooledSqliteConnection keeper = null;
      ConnectionPool pool;
      List<String> changes;
      try {
        boolean openElsewhere = false;
        if (registration != null) {
          registration.lockForOpening();
          openElsewhere = registration.openElsewhereInJvm();
        }
        guard =
            new CorruptionGuard(
                factory,
                corruptionPolicy,
                quickCheck,
                clock,
                (int) busyTimeout.toMillis(),
                openElsewhere);
        bootstrap = guard.open();
        if (registration != null) {
          registration.opened();
        }
      } catch (RuntimeException | Error e) {
        if (registration != null) {
          registration.close();
        }
        throw e;
      }
      try {
        changes = SchemaManager.apply(bootstrap, location.toString(), tables, migrations);
        pool = new ConnectionPool(factory, poolSize, connectionTimeout, leakDetection);
        if (location.isMemory()) {
          keeper = bootstrap;
        }
      } catch (RuntimeException e) {
        closeQuietly(bootstrap, e);
        if (registration != null) {
          registration.close();
        }
        throw e;
      }
      if (keeper == null) {
        closeQuietly(bootstrap, null);
      }
      LOG.debug(
          "opened {} (synchronous={}, pool={}, tables={})",
          location,
          synchronous,
          poolSize,
          tables.size());
      StateDatabase db =
          new StateDatabase(
              this,
              location,
              pool,
              keeper,
              guard.backup(),
              DatabaseFile.of(location),
              registration);
      db.schemaChanges = changes;
      return db;
    }

    private StateDatabase openServer() {
      String name = PgUrls.redact(serverUrl);
      PgPool pool;
      try {
        pool =
            new PgPool(
                serverUrl,
                user,
                password,
                poolSize,
                connectionTimeout,
                leakDetection,
                busyTimeout,
                isolation == IsolationLevel.READ_COMMITTED
                    ? Connection.TRANSACTION_READ_COMMITTED
                    : Connection.TRANSACTION_SERIALIZABLE);
      } catch (SQLException e) {
        throw PgErrors.translate(e, "connecting to " + name, null, false);
      }
      try {
        List<String> changes;
        try (Connection connection = pool.borrow()) {
          changes = PgSchema.apply(connection, name, tables, migrations);
          if (!queries.isEmpty()) {
            PgQueryCheck.check(connection, queries);
          }
        } catch (SQLException e) {
          throw PgErrors.translate(e, "opening " + name, null, false);
        }
        StateDatabase db = new StateDatabase(this, name, pool, serverUrl);
        db.schemaChanges = changes;
        LOG.debug("opened {} (pool={}, tables={})", name, poolSize, tables.size());
        return db;
      } catch (RuntimeException | Error e) {
        pool.close();
        throw e;
      }
    }

    private static void closeQuietly(PooledSqliteConnection connection, RuntimeException failure) {
      try {
        connection.close();
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        }
      }
    }
  }
}
