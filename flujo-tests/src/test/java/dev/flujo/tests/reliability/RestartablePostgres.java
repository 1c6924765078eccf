package dev.flujo.tests.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL server of one test, which it may crash and start again: {@link #crash()}
 * runs {@code pg_ctl stop -m immediate} on its data directory (every server process ends at once,
 * without a checkpoint, as after a power cut of the server alone), {@link #start()} starts it again
 * on the same port and data directory, which replays its WAL. {@code synchronous_commit} is {@code
 * on} (the embedded server's default is {@code off}, which would lose the last acknowledged commits
 * in such a crash); {@code fsync} stays off as in every embedded server, which a crash of the
 * server's processes does not need (the operating system keeps what they wrote).
 */
final class RestartablePostgres implements AutoCloseable {
  private final EmbeddedPostgres embedded;
  private final Path data;
  private final Path log;
  private final Path pgCtl;
  private final int port;

  private RestartablePostgres(EmbeddedPostgres embedded, Path data, Path log) throws IOException {
    this.embedded = embedded;
    this.data = data;
    this.log = log;
    this.port = embedded.getPort();
    this.pgCtl = binary("pg_ctl");
  }

  /** Initializes a data directory under {@code dir} and starts the server on a free port. */
  static RestartablePostgres start(Path dir) throws IOException {
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres embedded =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setServerConfig("synchronous_commit", "on")
            .start();
    try {
      return new RestartablePostgres(embedded, data, dir.resolve("postgres-restarts.log"));
    } catch (IOException | RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  /** Creates the database {@code name} and returns its JDBC URL, with the user in it. */
  String newDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(embedded.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return embedded.getJdbcUrl("postgres", name);
  }

  /** {@code pg_ctl stop -m immediate}: the server's processes end without a shutdown checkpoint. */
  void crash() throws IOException, InterruptedException {
    pgCtl("-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop");
  }

  /** Starts the server again on the same port and data directory, waiting until it accepts. */
  void start() throws IOException, InterruptedException {
    pgCtl(
        "-D",
        data.toString(),
        "-o",
        "-p " + port + " -F -c timezone=UTC -c synchronous_commit=on -c max_connections=300",
        "-l",
        log.toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // as the embedded server itself is run: PostgreSQL refuses to run as root
      command.add("unshare");
      command.add("-U");
    }
    command.add(pgCtl.toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile(log.getParent(), "pg_ctl", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("pg_ctl " + String.join(" ", args) + " did not finish in 90 s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "pg_ctl "
              + String.join(" ", args)
              + " exited with "
              + process.exitValue()
              + ": "
              + Files.readString(output, StandardCharsets.UTF_8));
    }
  }

  /** The extracted binary {@code name}, next to the running postmaster's own. */
  private Path binary(String name) throws IOException {
    String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
    Path postgres = Path.of("/proc", pid, "exe").toRealPath();
    return postgres.resolveSibling(name);
  }

  /** Stops the server (whichever start it is in) and releases the embedded server. */
  @Override
  public void close() throws IOException {
    embedded.close();
  }
}
