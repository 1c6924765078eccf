package dev.flujo.benchmarks.stores;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every contender does the same work on the same file: a benchmark is only fair if each contender
 * returns the same rows and leaves the same rows behind.
 */
class ContendersAgreeTest {
  private static final int LOADED = 200;

  @TempDir Path dir;

  private <E> StateStore<E> open(Contender contender, Path file) throws Exception {
    SqliteFiles.create(file);
    SqliteFiles.load(file, LOADED);
    @SuppressWarnings("unchecked")
    StateStore<E> store = (StateStore<E>) contender.open(file);
    return store;
  }

  private static <E> List<WorkflowState> records(StateStore<E> store, List<E> rows) {
    return rows.stream().map(store::toRecord).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void readsReturnTheLoadedRows(Contender contender) throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("reads.db"))) {
      assertThat(store.toRecord(store.findById(Rows.runId(42)))).isEqualTo(Rows.row(42, 0));
      assertThat(store.findById("no-such-run")).isNull();
      assertThat(records(store, store.findAll())).isEqualTo(Rows.rows(0, LOADED, 0));

      List<WorkflowState> streamed = new ArrayList<>();
      long n = store.streamAll(row -> streamed.add(store.toRecord(row)));
      assertThat(n).isEqualTo(LOADED);
      assertThat(streamed).isEqualTo(Rows.rows(0, LOADED, 0));
    }
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void filteredQueryReturnsNewestMatchingRowsFirst(Contender contender) throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("filter.db"))) {
      Status status = Status.COMPLETED;
      String pipeline = Rows.pipelineId(3);
      List<WorkflowState> expected =
          Rows.rows(0, LOADED, 0).stream()
              .filter(r -> r.status() == status && r.pipelineId().equals(pipeline))
              .sorted(Comparator.comparing(WorkflowState::createdAt).reversed())
              .limit(2)
              .collect(Collectors.toList());
      assertThat(expected).hasSize(2);

      assertThat(records(store, store.recentByStatusAndPipeline(status, pipeline, 2)))
          .isEqualTo(expected);
      assertThat(store.recentByStatusAndPipeline(status, "no-such-pipeline", 2)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void upsertUpdatesInPlaceKeepingCreatedAt(Contender contender) throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("upsert.db"))) {
      Instant before = Instant.now().minusMillis(1);
      WorkflowState original = Rows.row(7, 0);

      store.upsert(Rows.row(7, 3));

      WorkflowState updated = store.toRecord(store.findById(Rows.runId(7)));
      assertThat(updated.currentStepIndex()).isEqualTo(Rows.row(7, 3).currentStepIndex());
      assertThat(updated.pipelineContext()).isEqualTo(Rows.row(7, 3).pipelineContext());
      assertThat(updated.createdAt()).isEqualTo(original.createdAt());
      assertThat(updated.updatedAt()).isAtLeast(before);
      assertThat(records(store, store.findAll())).hasSize(LOADED);
    }
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void upsertOfNewKeyInsertsWithBothTimestampsNow(Contender contender) throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("insert.db"))) {
      Instant before = Instant.now().minusMillis(1);

      store.upsert(Rows.row(LOADED + 5, 1));

      WorkflowState inserted = store.toRecord(store.findById(Rows.runId(LOADED + 5)));
      assertThat(inserted.createdAt()).isAtLeast(before);
      assertThat(inserted.updatedAt()).isEqualTo(inserted.createdAt());
      assertThat(inserted.errorMessage()).isEqualTo(Rows.row(LOADED + 5, 1).errorMessage());
      assertThat(inserted.memoryUsageMb()).isEqualTo(Rows.row(LOADED + 5, 1).memoryUsageMb());
      assertThat(records(store, store.findAll())).hasSize(LOADED + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void upsertAllWritesEveryRowInOneBatchedTransaction(Contender contender) throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("batch.db"))) {
      List<WorkflowState> batch = Rows.rows(100, 700, 9);

      store.upsertAll(batch);

      List<WorkflowState> all = records(store, store.findAll());
      assertThat(all).hasSize(700);
      for (int i = 100; i < 700; i++) {
        WorkflowState row = all.get(i);
        assertThat(row.currentStepIndex()).isEqualTo(Rows.row(i, 9).currentStepIndex());
        if (i < LOADED) {
          assertThat(row.createdAt()).isEqualTo(Rows.row(i, 0).createdAt());
        } else {
          assertThat(row.createdAt()).isEqualTo(row.updatedAt());
        }
      }
      assertThat(all.subList(0, 100)).isEqualTo(Rows.rows(0, 100, 0));
    }
  }

  @ParameterizedTest
  @EnumSource(Contender.class)
  void concurrentReadersAndWritersAllSucceedAndReturnConnections(Contender contender)
      throws Exception {
    try (StateStore<Object> store = open(contender, dir.resolve("mixed.db"))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    int found = 0;
                    for (int i = 0; i < 100; i++) {
                      int key = (thread * 37 + i * 13) % LOADED;
                      if (i % 5 == 0) {
                        store.upsert(Rows.row(key, i));
                      } else if (store.findById(Rows.runId(key)) != null) {
                        found++;
                      }
                    }
                    // more streams than pooled connections: each must give its connection back
                    for (int i = 0; i < 3; i++) {
                      store.streamAll(row -> {});
                    }
                    return found;
                  }));
        }
        for (Future<Integer> f : done) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(80);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(records(store, store.findAll())).hasSize(LOADED);
    }
  }
}
