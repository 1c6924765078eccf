package dev.flujo.benchmarks.harness;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.benchmarks.stores.SqliteFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming harness reads every row and reports in the format the runner parses. */
class StreamHarnessTest {
  @TempDir Path dir;

  @Test
  void reportsEveryRowAndAPositivePeakHeap() throws Exception {
    Path file = dir.resolve("stream.db");
    SqliteFiles.create(file);
    SqliteFiles.load(file, 3_000);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      StreamHarness.main(new String[] {"flujo", file.toString(), "2"});
    } finally {
      System.setOut(original);
    }

    String line = captured.toString(StandardCharsets.UTF_8).trim();
    assertThat(line).matches("STREAM flujo rows=3000 millis=\\d+ peakAfterGcBytes=\\d+ maxHeapBytes=[1-9]\\d* gcs=\\d+");
  }
}
