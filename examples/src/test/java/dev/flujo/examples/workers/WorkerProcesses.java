package dev.flujo.examples.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts {@link WorkerMain} processes and collects their output lines. */
final class WorkerProcesses {
  /** A running worker process and the lines it printed so far. */
  static final class Child {
    final String id;
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    Child(String id, Process process) {
      this.id = id;
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process was killed
                }
              },
              "reader-" + id);
      reader.setDaemon(true);
      reader.start();
    }

    boolean printed(String prefix) {
      for (String l : lines) {
        if (l.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    void signal(String signal) throws Exception {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .inheritIO()
              .start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    }
  }

  private WorkerProcesses() {}

  /** Starts a worker process. */
  static Child start(
      String url, String user, String password, String id, long leaseMillis, long stepMillis)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerMain.class.getName());
    command.add(url);
    command.add(id);
    command.add(Long.toString(leaseMillis));
    command.add(Long.toString(stepMillis));
    if (user != null) {
      command.add(user);
      command.add(password == null ? "" : password);
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new Child(id, p);
  }
}
