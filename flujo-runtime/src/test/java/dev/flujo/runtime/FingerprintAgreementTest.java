package dev.flujo.runtime;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link TestTables} copies the processor's fingerprint algorithm so runtime tests can build
 * definitions as generated code does. This checks the copy against the processor itself: the
 * fingerprint of the processor's golden {@code WorkflowStateDao} (written by the processor, kept
 * current by its golden test) for the same schema built here.
 */
class FingerprintAgreementTest {
  private static final Path GOLDEN =
      Path.of("..", "flujo-processor", "src", "test", "resources", "golden", "WorkflowStateDao.java");
  private static final Pattern FINGERPRINT = Pattern.compile("\"([0-9a-f]{16})\"");

  @Test
  void testTablesFingerprintsAsTheProcessorDoes() throws IOException {
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    Matcher m = FINGERPRINT.matcher(golden);
    assertThat(m.find()).isTrue();
    String processors = m.group(1);
    assertThat(m.find()).isFalse();

    TableDefinition copy =
        TestTables.table("workflow_state")
            .key("run_id", "TEXT")
            .notNull("pipeline_id", "TEXT")
            .notNull("current_step_index", "INTEGER")
            .nullable("error_message", "TEXT")
            .enumColumn("status", "RUNNING", "PAUSED", "COMPLETED", "FAILED", "CANCELLED")
            .notNull("created_at", "INTEGER")
            .notNull("updated_at", "INTEGER")
            .nullable("execution_time_ms", "INTEGER")
            .nullable("memory_usage_mb", "REAL")
            .index("idx_workflow_state_status", false, "status")
            .build();

    assertThat(copy.fingerprint()).isEqualTo(processors);
  }
}
