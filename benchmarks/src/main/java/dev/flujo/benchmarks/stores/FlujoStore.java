package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.benchmarks.model.WorkflowStateQueries;
import dev.flujo.benchmarks.model.WorkflowStateQueriesImpl;
import dev.flujo.micrometer.FlujoMetrics;
import dev.flujo.runtime.StateDatabase;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Flujo as a user writes it: a {@link StateDatabase} with its defaults (a pool of {@value
 * SqliteFiles#POOL_SIZE}, WAL, {@code synchronous=NORMAL}, retries on), the generated {@link
 * WorkflowStateDao} and the generated {@code @StateQueries} implementation of {@link
 * WorkflowStateQueries}; every call borrows a pooled connection.
 */
public final class FlujoStore implements StateStore<WorkflowState> {
  private final StateDatabase db;
  private final WorkflowStateDao dao;
  private final WorkflowStateQueries queries;

  /** Opens the database over an existing (or new) file with Flujo's defaults. */
  public FlujoStore(Path file) {
    this(Target.sqlite(file));
  }

  /** Opens the database (a file or a PostgreSQL URL) with Flujo's defaults. */
  public FlujoStore(Target target) {
    this(target, false);
  }

  /**
   * Opens the database with Flujo's defaults; with {@code metrics}, flujo-micrometer's {@link
   * FlujoMetrics} listens to it and is bound to a {@link SimpleMeterRegistry}, as an application
   * with a dashboard would run.
   */
  public FlujoStore(Target target, boolean metrics) {
    StateDatabase.Builder builder = target.flujo().poolSize(SqliteFiles.POOL_SIZE);
    FlujoMetrics listener = metrics ? new FlujoMetrics(Tags.empty()) : null;
    if (listener != null) {
      builder.listener(listener);
    }
    this.db = builder.open();
    if (listener != null) {
      listener.database(db).bindTo(new SimpleMeterRegistry());
    }
    this.dao = new WorkflowStateDao(db);
    this.queries = new WorkflowStateQueriesImpl(db);
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    dao.upsertAll(rows);
  }

  @Override
  public void upsert(WorkflowState row) {
    dao.upsert(row);
  }

  @Override
  public WorkflowState findById(String runId) {
    return dao.findById(runId).orElse(null);
  }

  @Override
  public List<WorkflowState> findAll() {
    return dao.findAll();
  }

  @Override
  public long streamAll(Consumer<? super WorkflowState> sink) {
    long[] n = {0};
    try (Stream<WorkflowState> rows = dao.streamAll()) {
      rows.forEach(
          row -> {
            sink.accept(row);
            n[0]++;
          });
    }
    return n[0];
  }

  @Override
  public List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit) {
    return queries.recentByStatusAndPipeline(status, pipelineId, limit);
  }

  @Override
  public WorkflowState toRecord(WorkflowState row) {
    return row;
  }

  @Override
  public void close() {
    db.close();
  }
}
