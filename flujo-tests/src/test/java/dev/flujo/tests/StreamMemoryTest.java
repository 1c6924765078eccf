package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code streamAll} reads rows lazily: a child JVM with a 32 MiB heap streams 100,000 rows of about
 * 1 KiB each (about 100 MiB of data), which would not fit if the rows were collected. On
 * PostgreSQL this holds only because the rows are fetched in batches through a cursor.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class StreamMemoryTest {
  static final int ROWS = 100_000;
  static final String PADDING = "x".repeat(1000);

  private final Dialect dialect;

  @TempDir Path dir;

  private TestDatabase databases;

  StreamMemoryTest(Dialect dialect) {
    this.dialect = dialect;
  }

  @AfterEach
  void drop() {
    if (databases != null) {
      databases.close();
    }
  }

  @Test
  void streamAllOfAHundredThousandRowsRunsInConstantMemory() throws Exception {
    databases = new TestDatabase(dialect, dir);
    try (StateDatabase db = databases.builder("big").tables(WorkflowStateDao.TABLE).open()) {
      WorkflowStateDao dao = new WorkflowStateDao(db);
      List<WorkflowState> batch = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        batch.add(
            new WorkflowState(
                String.format("run-%06d", i), PADDING, i, null, Status.RUNNING, null, null, null,
                null));
        if (batch.size() == 10_000) {
          dao.upsertAll(batch);
          batch.clear();
        }
      }
    }

    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                StreamMemoryTest.class.getName() + "$Child"));
    if (databases.postgres()) {
      PostgresServer server = PostgresServer.get();
      command.add(databases.url("big"));
      if (server.user() != null) {
        command.add(server.user());
        command.add(server.password() == null ? "" : server.password());
      }
    } else {
      command.add(databases.file("big").toString());
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).isEqualTo(0);
    assertThat(output).contains("streamed " + ROWS + " rows");
  }

  /**
   * Streams every row and checks each is complete; runs with a heap far below the data. Takes a
   * SQLite file, or a PostgreSQL URL with optional user and password.
   */
  public static final class Child {
    public static void main(String[] args) {
      StateDatabase.Builder builder = StateDatabase.builder();
      if (args[0].startsWith("jdbc:postgresql:")) {
        builder.url(args[0]);
        if (args.length > 1) {
          builder.credentials(args[1], args[2].isEmpty() ? null : args[2]);
        }
      } else {
        builder.file(Path.of(args[0]));
      }
      try (StateDatabase db =
              builder
                  .tables(WorkflowStateDao.TABLE)
                  .poolSize(2)
                  .open();
          Stream<WorkflowState> all = new WorkflowStateDao(db).streamAll()) {
        long[] count = {0};
        all.forEach(
            s -> {
              if (s.pipelineId().length() != PADDING.length()) {
                throw new IllegalStateException("short row " + s.runId());
              }
              count[0]++;
            });
        System.out.println("streamed " + count[0] + " rows");
      }
    }
  }
}
