package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sqlite.util.OSInfo;

/**
 * A child JVM running a {@code main} class from the test class path. Its stdout is collected line
 * by line; a last line without its newline is dropped, since a child killed in the middle of a line
 * never acknowledged it. Its stderr goes to a log file that failure messages quote.
 */
final class ChildJvm implements AutoCloseable {
  /** Options that make a short-lived child start fast and stay small. */
  static final List<String> SMALL =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

  private final Process process;
  private final Path log;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.reader = new Thread(this::pump, "child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with JVM {@code options} and program {@code args}. */
  static ChildJvm start(Class<?> main, Path log, List<String> options, String... args)
      throws IOException {
    return launch(javaCommand(main, options, args), log);
  }

  /**
   * Starts {@code main} under {@code ulimit -f kib} (RLIMIT_FSIZE): any file it writes stops
   * growing at {@code kib} KiB and further writes fail with EFBIG. The JVM ignores SIGXFSZ, so the
   * failure reaches SQLite as an error, not a signal. sqlite-jdbc's native library is extracted
   * beforehand (by this process, into {@code libraryDir}): extracting it inside the limit fails.
   */
  static ChildJvm startWithFileSizeLimit(
      long kib, Path libraryDir, Class<?> main, Path log, List<String> options, String... args)
      throws IOException {
    List<String> withLibrary = new ArrayList<>(options);
    withLibrary.addAll(extractSqliteLibrary(libraryDir));
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add("-c");
    command.add("ulimit -f " + kib + " && exec \"$@\"");
    command.add("bash");
    command.addAll(javaCommand(main, withLibrary, args));
    return launch(command, log);
  }

  private static List<String> javaCommand(Class<?> main, List<String> options, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  private static ChildJvm launch(List<String> command, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ChildJvm(process, log);
  }

  private static List<String> extractSqliteLibrary(Path dir) throws IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    String resource =
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    Files.createDirectories(dir);
    try (InputStream in = org.sqlite.SQLiteConnection.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("sqlite-jdbc has no native library at " + resource);
      }
      Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
  }

  private void pump() {
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (this) {
              lines.add(text);
              notifyAll();
            }
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      // the child is gone; what was read is all there is
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** The process id. */
  long pid() {
    return process.pid();
  }

  /** Sends one line to the child's stdin. */
  void send(String line) throws IOException {
    OutputStream out = process.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Waits until a complete line matching {@code condition} arrived; false if the time ran out or
   * stdout ended first.
   */
  synchronized boolean awaitLine(Predicate<String> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (condition.test(lines.get(seen))) {
          return true;
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Kills the child with SIGKILL and waits until it is gone and its stdout is read to the end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  /**
   * Waits for the child to exit and its stdout to be read; returns the exit code, or -1 on
   * time-out.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    return process.exitValue();
  }

  /** Every complete line read so far. */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The end of the child's stderr, for failure messages. */
  String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Starts child number {@code index}. */
  @FunctionalInterface
  interface Starter {
    /** The started child. */
    ChildJvm start(int index) throws IOException;
  }

  /**
   * Starts {@code count} children that print {@code READY} and then wait for {@code GO} ({@link
   * ChildOutput#readyThenAwaitGo}); once all are ready, lets them go together, and asserts each
   * exits with 0 within {@code exit}. Every child is closed on the way out; their output stays
   * readable through {@link #lines()}.
   */
  static List<ChildJvm> runInStep(int count, Starter starter, Duration exit) throws Exception {
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int c = 0; c < count; c++) {
        children.add(starter.start(c));
      }
      for (ChildJvm child : children) {
        assertWithMessage("child never became ready; its log:\n%s", child.logTail())
            .that(child.awaitLine("READY"::equals, Duration.ofSeconds(60)))
            .isTrue();
      }
      for (ChildJvm child : children) {
        child.send("GO");
      }
      for (ChildJvm child : children) {
        int code = child.awaitExit(exit);
        assertWithMessage(
                "child exit code; its output %s\nand log:\n%s", child.lines(), child.logTail())
            .that(code)
            .isEqualTo(0);
      }
      return children;
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
