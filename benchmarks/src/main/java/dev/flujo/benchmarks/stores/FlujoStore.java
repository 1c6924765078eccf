package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import dev.flujo.benchmarks.model.WorkflowStateDao;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.spi.SqlStatement;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Flujo as a user writes it: a {@link StateDatabase} with its defaults (a pool of {@value
 * SqliteFiles#POOL_SIZE}, WAL, {@code synchronous=NORMAL}, retries on) and the generated {@link
 * WorkflowStateDao}; every call borrows a pooled connection.
 */
public final class FlujoStore implements StateStore<WorkflowState> {
  /*
   * ---- @StateQueries plug-in point -------------------------------------------------------------
   * Until @StateQueries lands, the filtered query runs through the SPI that generated code uses
   * (a static SqlStatement and StateDatabase.execute, so it gets the same statement cache, pool,
   * write lock and retry handling as generated methods). When it lands, replace RECENT and
   * recentByStatusAndPipeline below with a generated implementation of:
   *
   *   @StateQueries(WorkflowState.class)
   *   public interface WorkflowStateQueries {
   *     @Query("SELECT * FROM workflow_state WHERE status = :status AND pipeline_id = :pipelineId"
   *         + " ORDER BY created_at DESC LIMIT :limit")
   *     List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit);
   *   }
   *
   * and call new WorkflowStateQueriesImpl(db).recentByStatusAndPipeline(...).
   * ----------------------------------------------------------------------------------------------
   */
  private static final SqlStatement RECENT =
      SqlStatement.read(
          "workflow_state",
          "FlujoStore.recentByStatusAndPipeline",
          Sql.RECENT_BY_STATUS_AND_PIPELINE,
          null);

  private final StateDatabase db;
  private final WorkflowStateDao dao;

  /** Opens the database over an existing (or new) file with Flujo's defaults. */
  public FlujoStore(Path file) {
    this.db =
        StateDatabase.builder()
            .file(file)
            .tables(WorkflowStateDao.TABLE)
            .poolSize(SqliteFiles.POOL_SIZE)
            .open();
    this.dao = new WorkflowStateDao(db);
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
    return db.execute(
        RECENT,
        statement -> {
          statement.setString(1, status.name());
          statement.setString(2, pipelineId);
          statement.setInt(3, limit);
          try (ResultSet rs = statement.executeQuery()) {
            List<WorkflowState> rows = new ArrayList<>(limit);
            while (rs.next()) {
              rows.add(JdbcRows.read(rs));
            }
            return rows;
          }
        });
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
