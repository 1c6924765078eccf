package dev.flujo.examples.demo;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.examples.store.WorkflowStatus;
import dev.flujo.test.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo of README command 1, with small numbers, on SQLite and on PostgreSQL. */
class DemoTest {
  @TempDir Path dir;

  private String output;

  private Demo.Result run(Path file, int workflows, int threads) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Demo.Result result;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = Demo.run(out, file, workflows, threads);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
    return result;
  }

  @Test
  void theDemoStoresEveryWorkflowResumesTheCutOffOnesAndPrintsTheSummary() throws Exception {
    Path file = dir.resolve("nested/demo.db");

    Demo.Result result = run(file, 130, 3);

    assertThat(result.problems()).isEmpty();
    assertThat(result.stats().total()).isEqualTo(130);
    // every 10th is cut off and resumed to completion; 13th fail, 17th pause, 29th cancel
    assertThat(result.stats().count(WorkflowStatus.RUNNING)).isEqualTo(0);
    assertThat(result.stats().count(WorkflowStatus.FAILED)).isEqualTo(9);
    assertThat(result.stats().count(WorkflowStatus.PAUSED)).isEqualTo(7);
    assertThat(result.stats().count(WorkflowStatus.CANCELLED)).isEqualTo(4);
    assertThat(result.stats().count(WorkflowStatus.COMPLETED)).isEqualTo(110);
    assertThat(output).contains("130 workflows of 6 steps on 3 threads into " + file);
    assertThat(output).contains("the process stopped with 13 workflows cut off part-way");
    assertThat(output).contains("resumed 13 unfinished workflows");
    assertThat(output).containsMatch("completed\\s+110");
    assertThat(output).containsMatch("save latency p50\\s+[\\d,]+ µs");
    assertThat(output).containsMatch("save latency p99\\s+[\\d,]+ µs");
    assertThat(output).contains("retries taken");
    assertThat(output).containsMatch("file size\\s+[\\d,.]+ KiB");
    assertThat(output).contains("run-00001: 6 step results, trace of 7 spans");
    assertThat(output).contains("OK: all 130 workflows are stored, none is left running.");
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void theDemoCanBeRerunOnItsOwnFile() throws Exception {
    Path file = dir.resolve("demo.db");
    Demo.Result first = run(file, 40, 2);

    Demo.Result second = run(file, 40, 2);

    assertThat(second.problems()).isEmpty();
    assertThat(second.stats().byStatus()).isEqualTo(first.stats().byStatus());
  }

  @Test
  void theDemoRunsOnPostgresqlEndToEndAndCanBeRerunOnTheSameDatabase() throws Exception {
    PostgresServer server = PostgresServer.get();
    String url = server.newDatabase();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Demo.Result result;
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        result = Demo.runOnPostgres(out, url, server.user(), server.password(), 130, 3);
      }
      output = bytes.toString(StandardCharsets.UTF_8);

      assertThat(result.problems()).isEmpty();
      assertThat(result.stats().total()).isEqualTo(130);
      assertThat(result.stats().count(WorkflowStatus.RUNNING)).isEqualTo(0);
      assertThat(result.stats().count(WorkflowStatus.FAILED)).isEqualTo(9);
      assertThat(result.stats().count(WorkflowStatus.PAUSED)).isEqualTo(7);
      assertThat(result.stats().count(WorkflowStatus.CANCELLED)).isEqualTo(4);
      assertThat(result.stats().count(WorkflowStatus.COMPLETED)).isEqualTo(110);
      assertThat(output).contains("130 workflows of 6 steps on 3 threads into PostgreSQL " + url);
      assertThat(output).contains("reopened the database and resumed 13 unfinished workflows");
      assertThat(output).containsMatch("database size\\s+[\\d,.]+ KiB");
      assertThat(output).contains("run-00001: 6 step results, trace of 7 spans");
      assertThat(output).contains("OK: all 130 workflows are stored, none is left running.");

      Demo.Result again;
      try (PrintStream out =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
        again = Demo.runOnPostgres(out, url, server.user(), server.password(), 40, 2);
      }
      assertThat(again.problems()).isEmpty();
      assertThat(again.stats().total()).isEqualTo(40);
    } finally {
      server.dropDatabase(url);
    }
  }
}
