package dev.flujo.benchmarks.stores;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.benchmarks.harness.PairedHarness;
import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL benchmarks, bounded to seconds: every contender does the same work on its own
 * fresh database of one embedded server (started by the test, nothing installed; or the server of
 * {@code -Dflujo.test.postgres.url}), and the paired harness runs end to end on PostgreSQL.
 */
class PostgresContendersTest {
  private static final int LOADED = 200;
  private static String previous;

  @TempDir Path dir;

  @BeforeAll
  static void choosePostgres() {
    previous = System.setProperty(Databases.DATABASE_PROPERTY, "postgresql");
  }

  @AfterAll
  static void restore() {
    if (previous == null) {
      System.clearProperty(Databases.DATABASE_PROPERTY);
    } else {
      System.setProperty(Databases.DATABASE_PROPERTY, previous);
    }
  }

  private static <E> List<WorkflowState> records(StateStore<E> store, List<E> rows) {
    return rows.stream().map(store::toRecord).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void everyContenderReadsAndWritesTheSameRowsOnPostgres(Contender contender) throws Exception {
    Target target = Databases.fresh(dir, "agree", LOADED);
    try {
      @SuppressWarnings("unchecked")
      StateStore<Object> store = (StateStore<Object>) contender.open(target);
      try (store) {
        assertThat(store.toRecord(store.findById(Rows.runId(42)))).isEqualTo(Rows.row(42, 0));
        assertThat(store.findById("no-such-run")).isNull();
        assertThat(records(store, store.findAll())).isEqualTo(Rows.rows(0, LOADED, 0));
        assertThat(store.streamAll(row -> {})).isEqualTo(LOADED);

        Status status = Status.COMPLETED;
        String pipeline = Rows.pipelineId(3);
        List<WorkflowState> expected =
            Rows.rows(0, LOADED, 0).stream()
                .filter(r -> r.status() == status && r.pipelineId().equals(pipeline))
                .sorted(Comparator.comparing(WorkflowState::createdAt).reversed())
                .limit(2)
                .collect(Collectors.toList());
        assertThat(records(store, store.recentByStatusAndPipeline(status, pipeline, 2)))
            .isEqualTo(expected);

        Instant before = Instant.now().minusMillis(1);
        store.upsert(Rows.row(7, 3));
        WorkflowState updated = store.toRecord(store.findById(Rows.runId(7)));
        assertThat(updated.currentStepIndex()).isEqualTo(Rows.row(7, 3).currentStepIndex());
        assertThat(updated.createdAt()).isEqualTo(Rows.row(7, 0).createdAt());
        assertThat(updated.updatedAt()).isAtLeast(before);

        store.upsertAll(Rows.rows(100, 700, 9));
        List<WorkflowState> all = records(store, store.findAll());
        assertThat(all).hasSize(700);
        assertThat(all.get(150).createdAt()).isEqualTo(Rows.row(150, 0).createdAt());
        assertThat(all.get(650).createdAt()).isEqualTo(all.get(650).updatedAt());
        assertThat(all.get(650).currentStepIndex()).isEqualTo(Rows.row(650, 9).currentStepIndex());
      }
    } finally {
      Databases.drop(target);
    }
  }

  @Test
  void pairedHarnessRunsOnPostgres() throws Exception {
    String contenders =
        java.util.Arrays.stream(Contender.values()).map(Contender::id).collect(Collectors.joining(","));
    for (String workload : List.of("pointRead", "singleUpsert", "scan10k", "batchUpsert10k")) {
      List<String> lines = PairedHarness.measure(workload, contenders, 2, 2, 2, 50, 2);
      assertThat(lines).hasSize(Contender.values().length);
      for (String line : lines) {
        assertThat(line).matches("PAIRED " + workload + " \\S+ wallUs=[0-9.]+ cpuUs=[0-9.]+");
      }
    }
  }
}
