package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamAll} reads rows lazily: a child JVM with a 32 MiB heap streams 100,000 rows of about
 * 1 KiB each (about 100 MiB of data), which would not fit if the rows were collected.
 */
class StreamMemoryTest {
  static final int ROWS = 100_000;
  static final String PADDING = "x".repeat(1000);

  @TempDir Path dir;

  @Test
  void streamAllOfAHundredThousandRowsRunsInConstantMemory() throws Exception {
    Path file = dir.resolve("big.db");
    try (StateDatabase db =
        StateDatabase.builder().file(file).tables(WorkflowStateDao.TABLE).open()) {
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

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                StreamMemoryTest.class.getName() + "$Child",
                file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.exitValue()).isEqualTo(0);
    assertThat(output).contains("streamed " + ROWS + " rows");
  }

  /** Streams every row and checks each is complete; runs with a heap far below the data. */
  public static final class Child {
    public static void main(String[] args) {
      try (StateDatabase db =
              StateDatabase.builder()
                  .file(Path.of(args[0]))
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
