package dev.flujo.examples.demo;

import dev.flujo.examples.workers.LeaseState;
import dev.flujo.examples.workers.StateCount;
import dev.flujo.examples.workers.WorkQueue;
import dev.flujo.examples.workers.WorkerMain;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The demo's {@code --workers N} mode: N worker processes share one store (a SQLite file, or the
 * PostgreSQL database of {@code url}), apply every step of every run exactly once, and the demo
 * prints their throughput and a consistency check.
 */
public final class WorkersDemo {
  private WorkersDemo() {}

  /**
   * Runs {@code workers} worker processes over {@code runs} runs of {@code steps} steps each on
   * {@code url} ({@code user} may be null) and prints what happened.
   *
   * @return 0 if every check passed, 1 otherwise
   */
  public static int run(
      PrintStream out, String url, String user, String password, int workers, int runs, int steps)
      throws Exception {
    return run(out, url, user, password, workers, runs, steps, 0);
  }

  /**
   * Like {@link #run(PrintStream, String, String, String, int, int, int)}, each step taking {@code
   * stepMillis} of simulated work.
   */
  public static int run(
      PrintStream out,
      String url,
      String user,
      String password,
      int workers,
      int runs,
      int steps,
      long stepMillis)
      throws Exception {
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url(url)
            .tables(WorkQueue.TABLES)
            .busyTimeout(Duration.ofSeconds(30))
            .retryPolicy(new RetryPolicy(50, 2, 1.5, 200, 1.0));
    if (user != null) {
      builder.credentials(user, password);
    }
    try (StateDatabase db = builder.open()) {
      WorkQueue queue = new WorkQueue(db, 5);
      List<String> ids = new ArrayList<>();
      String prefix = "demo-" + Long.toString(System.currentTimeMillis(), 36) + "-";
      for (int i = 0; i < runs; i++) {
        ids.add(prefix + i);
      }
      long before = queue.effects();
      queue.submitAll(ids, steps);
      out.printf(
          Locale.ROOT,
          "workers: %d runs x %d steps (%d ms of work each) on %s, %d worker processes%n",
          runs,
          steps,
          stepMillis,
          db.dialect(),
          workers);
      long start = System.nanoTime();
      List<Process> processes = new ArrayList<>();
      List<long[]> applied = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        processes.add(startWorker(url, user, password, "worker-" + w, stepMillis));
      }
      for (int w = 0; w < workers; w++) {
        applied.add(collect(processes.get(w)));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long effects = queue.effects() - before;
      long done = 0;
      for (StateCount c : queue.counts()) {
        if (c.state() == LeaseState.COMPLETED) {
          done += c.runs();
        }
      }
      for (int w = 0; w < workers; w++) {
        out.printf(
            Locale.ROOT, "  worker-%d applied %d steps (%d refused)%n", w, applied.get(w)[0], applied.get(w)[1]);
      }
      out.printf(
          Locale.ROOT,
          "  %d steps in %.2f s: %.0f steps/s (including the worker JVMs' start-up)%n",
          effects,
          seconds,
          effects / seconds);
      boolean ok = effects == (long) runs * steps;
      out.printf(
          Locale.ROOT,
          "  check: %d step effects for %d x %d steps (each exactly once): %s%n",
          effects,
          runs,
          steps,
          ok ? "ok" : "MISMATCH");
      out.printf(Locale.ROOT, "  check: %d completed runs in the store%n", done);
      if (url.startsWith("jdbc:sqlite:")) {
        String integrity = integrity(url);
        out.println("  check: integrity_check " + integrity);
        ok &= integrity.equals("ok");
      }
      return ok ? 0 : 1;
    }
  }

  private static Process startWorker(
      String url, String user, String password, String id, long stepMillis) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerMain.class.getName());
    command.add(url);
    command.add(id);
    command.add("5000");
    command.add(Long.toString(stepMillis));
    if (user != null) {
      command.add(user);
      command.add(password == null ? "" : password);
    }
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Waits for a worker and returns {applied, refused} from its last line. */
  private static long[] collect(Process p) throws IOException, InterruptedException {
    long[] result = new long[2];
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("DONE ")) {
          String[] parts = line.split(" ");
          result[0] = Long.parseLong(parts[1]);
          result[1] = Long.parseLong(parts[2]);
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    return result;
  }

  private static String integrity(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "no answer";
    }
  }

  /** A fresh SQLite file for the demo's workers. */
  static String temporaryFile() throws IOException {
    Path dir = Files.createTempDirectory("flujo-workers");
    return "jdbc:sqlite:" + dir.resolve("work.db");
  }
}
