package dev.flujo.examples.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flujo.examples.store.RetryingWorkflowStateStore;
import dev.flujo.examples.store.RunEnd;
import dev.flujo.examples.store.RunStart;
import dev.flujo.examples.store.SpanNode;
import dev.flujo.examples.store.SpanStatus;
import dev.flujo.examples.store.SqliteWorkflowStateStore;
import dev.flujo.examples.store.StepResult;
import dev.flujo.examples.store.StepStatus;
import dev.flujo.examples.store.Trace;
import dev.flujo.examples.store.WorkflowState;
import dev.flujo.examples.store.WorkflowStateStore;
import dev.flujo.examples.store.WorkflowStats;
import dev.flujo.examples.store.WorkflowStatus;
import dev.flujo.examples.store.WorkflowSummary;
import dev.flujo.runtime.Metrics;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.spi.Retrier;
import dev.flujo.runtime.spi.Sleeper;
import java.io.IOException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs simulated workflows on several threads through {@code RetryingWorkflowStateStore} into a
 * file, stops with some of them unfinished, reopens the file as a restarted process would, resumes
 * the unfinished ones and prints what the file holds.
 *
 * <p>Usage: {@code java -jar examples/target/flujo-demo.jar [file] [workflows] [threads]}; defaults
 * {@value #DEFAULT_FILE}, 2,000 and 4. The file and its {@code -wal}/{@code -shm} are deleted
 * first, so the demo can be rerun. Exits 1 if the file does not hold what the run wrote.
 *
 * <p>On PostgreSQL: {@code java -jar flujo-demo.jar --postgres [workflows] [threads]} starts an
 * embedded PostgreSQL 17 server for the run; {@code --url jdbc:postgresql://host/db [--user U]
 * [--password P] [workflows] [threads]} uses an existing one. The same annotated classes and
 * generated DAOs run there; the demo keeps its tables in its own schema, {@value #SCHEMA}, which it
 * drops and creates again first.
 *
 * <p>Workflow {@code n} (deterministic, seeded by {@code n}) has {@value #STEPS} steps; every 10th
 * is cut off after its third step, as if the process had died, and is resumed after the restart;
 * every 17th pauses, every 13th fails and every 29th is cancelled part-way.
 */
public final class Demo {
  /** Where the demo writes by default, relative to the working directory. */
  public static final String DEFAULT_FILE = "target/flujo-demo/workflows.db";

  /** The schema the demo works in on PostgreSQL, dropped and created again by each run. */
  public static final String SCHEMA = "flujo_demo";

  static final int STEPS = 6;

  private static final String USAGE =
      "usage: java -jar flujo-demo.jar [file] [workflows] [threads]%n"
          + "       java -jar flujo-demo.jar --postgres [workflows] [threads]%n"
          + "       java -jar flujo-demo.jar --url jdbc:postgresql://host:port/db [--user U]"
          + " [--password P] [workflows] [threads]%n"
          + "       java -jar flujo-demo.jar --workers N [--runs R] [--step-ms MS]"
          + " [--postgres | --url ...]%n";

  private final PrintStream out;
  private final Storage storage;
  private final Retrier retrier =
      new Retrier(Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
  private final List<long[]> latencies = new ArrayList<>();
  private long databaseRetries;
  private long databaseTransientFailures;
  private final boolean terminal;
  private int printedQuarter;

  private Demo(PrintStream out, Storage storage) {
    this.out = out;
    this.storage = storage;
    this.terminal = out == System.out && System.console() != null;
  }

  /** Runs the demo; exits 1 if the check of the stored data fails. */
  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    boolean embedded = false;
    String url = null;
    String user = null;
    String password = null;
    int workers = 0;
    int runs = 200;
    int stepMillis = 0;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--postgres")) {
        embedded = true;
      } else if ((arg.equals("--workers") || arg.equals("--runs") || arg.equals("--step-ms"))
          && i + 1 < args.length) {
        int value = Integer.parseInt(args[++i]);
        switch (arg) {
          case "--workers" -> workers = value;
          case "--runs" -> runs = value;
          default -> stepMillis = value;
        }
      } else if ((arg.equals("--url") || arg.equals("--user") || arg.equals("--password"))
          && i + 1 < args.length) {
        String value = args[++i];
        switch (arg) {
          case "--url" -> url = value;
          case "--user" -> user = value;
          default -> password = value;
        }
      } else if (arg.startsWith("-")) {
        System.err.printf(USAGE);
        System.exit(arg.equals("--help") || arg.equals("-h") ? 0 : 2);
        return;
      } else {
        positional.add(arg);
      }
    }
    boolean postgres = embedded || url != null;
    if (workers > 0) {
      System.exit(workersMode(embedded, url, user, password, workers, runs, stepMillis));
      return;
    }
    if (embedded && url != null || positional.size() > (postgres ? 2 : 3)) {
      System.err.printf(USAGE);
      System.exit(2);
      return;
    }
    int first = postgres ? 0 : 1;
    int workflows =
        positional.size() > first ? Integer.parseInt(positional.get(first)) : 2_000;
    int threads =
        positional.size() > first + 1 ? Integer.parseInt(positional.get(first + 1)) : 4;
    Result result;
    if (embedded) {
      System.out.println("starting an embedded PostgreSQL 17 server (about 10 s)");
      try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
        result =
            runOnPostgres(
                System.out, server.getJdbcUrl("postgres", "postgres"), null, null, workflows,
                threads);
      }
    } else if (url != null) {
      result = runOnPostgres(System.out, url, user, password, workflows, threads);
    } else {
      Path file = Path.of(positional.isEmpty() ? DEFAULT_FILE : positional.get(0));
      result = run(System.out, file, workflows, threads);
    }
    if (!result.problems().isEmpty()) {
      System.exit(1);
    }
  }

  private static int workersMode(
      boolean embedded,
      String url,
      String user,
      String password,
      int workers,
      int runs,
      int stepMillis)
      throws Exception {
    int steps = 5;
    if (embedded) {
      System.out.println("starting an embedded PostgreSQL 17 server (about 10 s)");
      try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
        return WorkersDemo.run(
            System.out,
            server.getJdbcUrl("postgres", "postgres"),
            null,
            null,
            workers,
            runs,
            steps,
            stepMillis);
      }
    }
    String target = url != null ? url : WorkersDemo.temporaryFile();
    return WorkersDemo.run(System.out, target, user, password, workers, runs, steps, stepMillis);
  }

  /**
   * Runs the demo, printing to {@code out}.
   *
   * @return what it found when it checked the file at the end
   */
  public static Result run(PrintStream out, Path file, int workflows, int threads)
      throws IOException, InterruptedException, ExecutionException {
    checkSizes(workflows, threads);
    return new Demo(out, new SqliteFile(file)).execute(workflows, threads);
  }

  /**
   * Runs the demo on the PostgreSQL database at {@code url}, in the schema {@value #SCHEMA} (dropped
   * and created again first), printing to {@code out}.
   *
   * @param user the user, or null if the URL names it
   * @param password the password, or null
   * @return what it found when it checked the database at the end
   */
  public static Result runOnPostgres(
      PrintStream out, String url, String user, String password, int workflows, int threads)
      throws IOException, InterruptedException, ExecutionException {
    checkSizes(workflows, threads);
    return new Demo(out, new PostgresSchema(url, user, password)).execute(workflows, threads);
  }

  private static void checkSizes(int workflows, int threads) {
    if (workflows < 1 || threads < 1) {
      throw new IllegalArgumentException("workflows and threads must be at least 1");
    }
  }

  /**
   * What the demo checked at the end.
   *
   * @param stats the store's statistics after the restart
   * @param problems what did not match the simulation; empty when all is well
   */
  public record Result(WorkflowStats stats, List<String> problems) {}

  private Result execute(int workflows, int threads)
      throws IOException, InterruptedException, ExecutionException {
    storage.reset();
    out.printf(
        "Flujo demo: %,d workflows of %d steps on %d threads into %s%n",
        workflows, STEPS, threads, storage);

    long started = System.nanoTime();
    try (StateDatabase db = storage.open()) {
      WorkflowStateStore store =
          new RetryingWorkflowStateStore(new SqliteWorkflowStateStore(db), retrier);
      parallel(workflows, threads, "run", n -> firstRun(store, n));
      collect(db.metrics());
    }
    long cutOff =
        IntStream.range(0, workflows)
            .filter(n -> Plan.of(n).end() == WorkflowStatus.RUNNING)
            .count();
    out.printf(
        "first run: %.1f s; the process stopped with %,d workflows cut off part-way%n",
        seconds(started), cutOff);
    out.printf(
        "  (a simulated crash: every 10th workflow saved its third step and was never finished,"
            + " as if the%n   process had been killed; the database was closed with them still"
            + " RUNNING)%n");

    started = System.nanoTime();
    try (StateDatabase db = storage.open()) {
      WorkflowStateStore store =
          new RetryingWorkflowStateStore(new SqliteWorkflowStateStore(db), retrier);
      List<String> unfinished = new ArrayList<>();
      for (int offset = 0; ; offset += 500) {
        List<WorkflowSummary> page = store.listWorkflows(WorkflowStatus.RUNNING, null, 500, offset);
        page.forEach(s -> unfinished.add(s.runId()));
        if (page.size() < 500) {
          break;
        }
      }
      parallel(unfinished.size(), threads, "resume", i -> resume(store, unfinished.get(i)));
      out.printf(
          "restart: reopened the %s and resumed %,d unfinished workflows in %.1f s%n",
          storage.noun(), unfinished.size(), seconds(started));
      out.printf(
          "  (as a restarted process would: it listed the RUNNING workflows, loaded each one's"
              + " saved state%n   and ran it on from the step it had reached)%n");
      collect(db.metrics());
      return summarize(store, workflows, threads);
    }
  }

  /** Where the workflows are stored. */
  private interface Storage {
    /** Removes what an earlier run left, so the demo can be rerun. */
    void reset() throws IOException;

    StateDatabase open();

    /** "file" or "database". */
    String noun();

    /** The size line of the summary: its label and what it measured. */
    String size() throws IOException;

    /** Why p50 and p99 are what they are, for the summary. */
    String latencyNote(int threads);
  }

  private record SqliteFile(Path file) implements Storage {
    @Override
    public void reset() throws IOException {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      }
    }

    @Override
    public StateDatabase open() {
      return StateDatabase.builder().file(file).tables(SqliteWorkflowStateStore.TABLES).open();
    }

    @Override
    public String noun() {
      return "file";
    }

    @Override
    public String size() throws IOException {
      long size = 0;
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Path p = file.resolveSibling(file.getFileName() + suffix);
        if (Files.exists(p)) {
          size += Files.size(p);
        }
      }
      return String.format(
          "  file size                   %,10.1f KiB (with -wal and -shm)%n", size / 1024.0);
    }

    @Override
    public String latencyNote(int threads) {
      return String.format(
          "    (a save is one recordStep call: workflow state and step result in one transaction."
              + " Half the%n     saves took at most p50, 99 in 100 at most p99. The %d threads"
              + " queue for the one write lock,%n     which raises p50. About one save in 140"
              + " also runs SQLite's automatic WAL checkpoint: it%n     copies the WAL into the"
              + " database file and fsyncs it, tens of ms, and the saves queued behind%n     it"
              + " wait as long; those make p99. See docs/examples.md.)%n",
          threads);
    }

    @Override
    public String toString() {
      return file.toString();
    }
  }

  /** A schema of its own in a PostgreSQL database, named in the URL as the current schema. */
  private record PostgresSchema(String url, String user, String password) implements Storage {
    private Connection connect() throws SQLException {
      return user == null
          ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, user, password);
    }

    private String schemaUrl() {
      return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @Override
    public void reset() throws IOException {
      try (Connection c = connect();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        s.execute("CREATE SCHEMA " + SCHEMA);
      } catch (SQLException e) {
        throw new IOException("cannot prepare the schema " + SCHEMA + " at " + this, e);
      }
    }

    @Override
    public StateDatabase open() {
      // serializable transactions that write neighbouring index pages conflict now and then
      // (PostgreSQL's predicate locks are per page): a retry budget for contention, not 5 tries
      StateDatabase.Builder builder =
          StateDatabase.builder()
              .url(schemaUrl())
              .tables(SqliteWorkflowStateStore.TABLES)
              .retryPolicy(new RetryPolicy(30, 5, 1.5, 250, 1.0));
      if (user != null) {
        builder.credentials(user, password);
      }
      return builder.open();
    }

    @Override
    public String noun() {
      return "database";
    }

    @Override
    public String size() throws IOException {
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                      + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                      + " WHERE n.nspname = '"
                      + SCHEMA
                      + "' AND c.relkind = 'r'")) {
        rs.next();
        return String.format(
            "  database size               %,10.1f KiB (tables and indexes of schema %s)%n",
            rs.getLong(1) / 1024.0, SCHEMA);
      } catch (SQLException e) {
        throw new IOException("cannot measure the schema " + SCHEMA, e);
      }
    }

    @Override
    public String latencyNote(int threads) {
      return String.format(
          "    (a save is one recordStep call: workflow state and step result in one serializable"
              + " transaction%n     on the server, a network round trip per statement. Half the"
              + " saves took at most p50, 99 in%n     100 at most p99; the %d threads write"
              + " side by side, retried if they ever collide.)%n",
          threads);
    }

    @Override
    public String toString() {
      return "PostgreSQL " + url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
  }

  /** How workflow {@code n} behaves: the step it stops after, and its final status. */
  private record Plan(int stopAfter, WorkflowStatus end) {
    static Plan of(int n) {
      if (n % 10 == 0) {
        return new Plan(2, WorkflowStatus.RUNNING);
      }
      if (n % 13 == 0) {
        return new Plan(3, WorkflowStatus.FAILED);
      }
      if (n % 17 == 0) {
        return new Plan(3, WorkflowStatus.PAUSED);
      }
      if (n % 29 == 0) {
        return new Plan(1, WorkflowStatus.CANCELLED);
      }
      return new Plan(STEPS - 1, WorkflowStatus.COMPLETED);
    }
  }

  static String runId(int n) {
    return String.format("run-%05d", n);
  }

  private void firstRun(WorkflowStateStore store, int n) {
    String runId = runId(n);
    String pipeline = "pipeline-" + (n % 7);
    store.saveRunStart(new RunStart(runId, pipeline, "Pipeline " + (n % 7), "1." + (n % 3)));
    WorkflowState state =
        WorkflowState.builder(runId)
            .pipelineId(pipeline)
            .pipelineName("Pipeline " + (n % 7))
            .pipelineVersion("1." + (n % 3))
            .totalSteps(STEPS)
            .pipelineContext(Map.of("customer", "c-" + (n % 97), "attempt", 1))
            .metadata(Map.of("source", "demo"))
            .isBackgroundTask(n % 5 == 0)
            .parentRunId(n % 50 == 0 || n < 50 ? null : runId(n - n % 50))
            .build();
    runSteps(store, state, n, Plan.of(n));
  }

  private void resume(WorkflowStateStore store, String runId) {
    WorkflowState state = store.loadState(runId).orElseThrow();
    int n = Integer.parseInt(runId.substring("run-".length()));
    Map<String, Object> context = new LinkedHashMap<>(state.pipelineContext());
    context.put("attempt", 2);
    state = state.toBuilder().pipelineContext(context).build();
    store.saveRunStart(
        new RunStart(runId, state.pipelineId(), state.pipelineName(), state.pipelineVersion()));
    runSteps(store, state, n, new Plan(STEPS - 1, WorkflowStatus.COMPLETED));
  }

  /** Runs the steps from the state's current index; the last one ends the run as planned. */
  private void runSteps(WorkflowStateStore store, WorkflowState state, int n, Plan plan) {
    SplittableRandom random = new SplittableRandom(n * 31L + state.currentStepIndex());
    long[] times = new long[plan.stopAfter() + 1];
    int saves = 0;
    long elapsed = state.executionTimeMs() == null ? 0 : state.executionTimeMs();
    for (int step = state.currentStepIndex(); step <= plan.stopAfter(); step++) {
      long stepMillis = random.nextLong(5, 400);
      elapsed += stepMillis;
      boolean last = step == plan.stopAfter();
      WorkflowStatus status = last ? plan.end() : WorkflowStatus.RUNNING;
      boolean failed = status == WorkflowStatus.FAILED;
      ObjectNode output = JsonNodeFactory.instance.objectNode();
      output.put("step", step).put("items", random.nextInt(1, 1_000));
      ArrayNode history = state.stepHistory().deepCopy();
      history.addObject().put("step", step).put("ms", stepMillis);
      state =
          state.toBuilder()
              .currentStepIndex(step + 1)
              .lastStepOutput(output)
              .stepHistory(history)
              .status(status)
              .errorMessage(failed ? "step " + step + " timed out" : null)
              .executionTimeMs(status == WorkflowStatus.RUNNING ? null : elapsed)
              .memoryUsageMb(Math.round(random.nextDouble(20, 400) * 10) / 10.0)
              .build();
      StepResult result =
          new StepResult(
              state.runId(),
              step,
              "step-" + step,
              failed ? StepStatus.FAILED : StepStatus.COMPLETED,
              output,
              null,
              random.nextDouble(0, 0.02),
              random.nextLong(100, 4_000),
              stepMillis,
              null);
      long t0 = System.nanoTime();
      store.recordStep(state, result);
      times[saves++] = (System.nanoTime() - t0) / 1_000;
      if (last && status != WorkflowStatus.RUNNING) {
        store.saveTrace(state.runId(), trace(state, n, step + 1));
        store.saveRunEnd(
            new RunEnd(state.runId(), status, 0.01 * (step + 1), state.pipelineContext()));
      }
    }
    synchronized (latencies) {
      latencies.add(Arrays.copyOf(times, saves));
    }
  }

  /** A root span for the run with one child span per step. */
  private static SpanNode trace(WorkflowState state, int n, int steps) {
    Instant start = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(n);
    List<SpanNode> children = new ArrayList<>();
    Instant at = start;
    for (int step = 0; step < steps; step++) {
      Instant end = at.plusMillis(50);
      children.add(
          new SpanNode(
              state.runId() + "/step-" + step,
              "step-" + step,
              at,
              end,
              SpanStatus.COMPLETED,
              Map.of("index", step),
              null));
      at = end;
    }
    return new SpanNode(
        state.runId() + "/root",
        state.pipelineName(),
        start,
        at,
        state.status() == WorkflowStatus.FAILED ? SpanStatus.FAILED : SpanStatus.COMPLETED,
        Map.of("pipeline", state.pipelineId()),
        children);
  }

  private void parallel(int count, int threads, String label, IntConsumer task)
      throws InterruptedException, ExecutionException {
    if (count == 0) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    printedQuarter = 0;
    int step = Math.max(1, count / 20);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                    int finished = done.incrementAndGet();
                    if (finished % step == 0) {
                      progress(label, finished, count);
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    if (terminal) {
      out.println();
    }
  }

  /**
   * Redraws the progress bar on a terminal; elsewhere (a pipe, a CI log) prints a line at each
   * quarter.
   */
  private synchronized void progress(String label, int finished, int count) {
    int width = 30;
    int filled = (int) ((long) finished * width / count);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    if (terminal) {
      out.printf("\r  %-6s [%s] %,d / %,d workflows", label, bar, finished, count);
    } else if (finished * 4L / count > printedQuarter) {
      printedQuarter = (int) (finished * 4L / count);
      out.printf("  %-6s [%s] %,d / %,d workflows%n", label, bar, finished, count);
    }
    out.flush();
  }

  private void collect(Metrics metrics) {
    databaseRetries += metrics.retries();
    databaseTransientFailures += metrics.transientFailures();
  }

  private Result summarize(WorkflowStateStore store, int workflows, int threads)
      throws IOException {
    WorkflowStats stats = store.workflowStats();
    long[] all;
    synchronized (latencies) {
      all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }
    out.println();
    out.println("  status       workflows");
    out.println("  ----------   ---------");
    for (WorkflowStatus s : WorkflowStatus.values()) {
      out.printf("  %-10s   %,9d%n", s.name().toLowerCase(Locale.ROOT), stats.count(s));
    }
    out.printf("  %-10s   %,9d%n", "total", stats.total());
    out.println();
    out.printf(
        "  average execution time      %,10.1f ms (simulated)%n",
        stats.averageExecutionTimeMs().orElse(0));
    out.printf("  state + step saves          %,10d (one transaction each)%n", all.length);
    out.printf("  save latency p50            %,10d µs%n", percentile(all, 50));
    out.printf("  save latency p99            %,10d µs%n", percentile(all, 99));
    out.print(storage.latencyNote(threads));
    out.printf(
        "  retries taken               %,10d (store wrapper) + %d (database); %d transient"
            + " failures%n",
        retrier.retries(), databaseRetries, databaseTransientFailures);
    out.print(storage.size());

    List<String> problems = check(store, stats, workflows);
    String sample = runId(1);
    Trace trace = store.loadTrace(sample).orElse(null);
    out.printf(
        "  %s: %d step results, trace of %d spans (one workflow read back: its steps, and its"
            + " trace%n    rebuilt as a span tree)%n",
        sample,
        store.runDetails(sample).map(d -> d.steps().size()).orElse(0),
        trace == null ? 0 : trace.spanCount());
    out.println();
    if (problems.isEmpty()) {
      out.printf("OK: all %,d workflows are stored, none is left running.%n", workflows);
      out.printf(
          "  (the %s was checked against the simulation: the counts by status are the ones"
              + " planned,%n   every cut-off workflow was resumed to its end, and sampled"
              + " workflows have their full step%n   history)%n",
          storage.noun());
    } else {
      problems.forEach(p -> out.println("PROBLEM: " + p));
    }
    return new Result(stats, problems);
  }

  /** Compares the file's content with what the simulation must have produced. */
  private static List<String> check(WorkflowStateStore store, WorkflowStats stats, int workflows) {
    Map<WorkflowStatus, Long> expected = new LinkedHashMap<>();
    for (WorkflowStatus s : WorkflowStatus.values()) {
      expected.put(s, 0L);
    }
    for (int n = 0; n < workflows; n++) {
      WorkflowStatus end = Plan.of(n).end();
      expected.merge(end == WorkflowStatus.RUNNING ? WorkflowStatus.COMPLETED : end, 1L, Long::sum);
    }
    List<String> problems = new ArrayList<>();
    if (stats.total() != workflows) {
      problems.add("expected " + workflows + " workflow states, found " + stats.total());
    }
    if (!stats.byStatus().equals(expected)) {
      problems.add("expected " + expected + " by status, found " + stats.byStatus());
    }
    for (int n : new int[] {0, 1, workflows - 1}) {
      WorkflowState state = store.loadState(runId(n)).orElse(null);
      if (state == null || state.stepHistory().size() != state.currentStepIndex()) {
        problems.add("workflow " + runId(n) + " is missing or its step history is incomplete");
      }
    }
    return problems;
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

}
