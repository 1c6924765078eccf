package dev.flujo.benchmarks.stores;

import com.zaxxer.hikari.HikariDataSource;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * JDBI 3 as its documentation shows it: {@code Jdbi.create(dataSource)} over a HikariCP pool, the
 * SqlObject plugin, the row mapper registered once, and an on-demand {@link JdbiWorkflowDao} (each call opens a handle, which
 * borrows a pooled connection, and closes it); streaming attaches it to one handle instead.
 */
public final class JdbiStore implements StateStore<WorkflowState> {
  private final boolean timestamps;
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final JdbiWorkflowDao dao;
  private final Clock clock = Clock.systemUTC();

  /** Opens a pool over an existing file. */
  public JdbiStore(Path file) {
    this(Target.sqlite(file));
  }

  /** Opens a pool over an existing database. */
  public JdbiStore(Target target) {
    this.timestamps = target.timestamps();
    this.pool = target.pool("jdbi");
    this.jdbi =
        Jdbi.create(pool)
            .installPlugin(new SqlObjectPlugin())
            .registerRowMapper(new JdbiWorkflowDao.Mapper(target));
    this.dao = jdbi.onDemand(JdbiWorkflowDao.class);
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    if (timestamps) {
      dao.upsertAllTimestamps(rows, OffsetDateTime.now(clock));
    } else {
      dao.upsertAll(rows, JdbcRows.nowMicros(clock));
    }
  }

  @Override
  public void upsert(WorkflowState row) {
    if (timestamps) {
      dao.upsertTimestamps(row, OffsetDateTime.now(clock));
    } else {
      dao.upsert(row, JdbcRows.nowMicros(clock));
    }
  }

  @Override
  public WorkflowState findById(String runId) {
    return dao.findById(runId);
  }

  @Override
  public List<WorkflowState> findAll() {
    return dao.findAll();
  }

  @Override
  public long streamAll(Consumer<? super WorkflowState> sink) {
    long[] n = {0};
    // an on-demand SqlObject closes its handle when the method returns, before the stream is read,
    // so streaming attaches the SqlObject to a handle held for the whole read
    jdbi.useExtension(
        JdbiWorkflowDao.class,
        attached -> {
          try (Stream<WorkflowState> rows = attached.streamAll()) {
            rows.forEach(
                row -> {
                  sink.accept(row);
                  n[0]++;
                });
          }
        });
    return n[0];
  }

  @Override
  public List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit) {
    return dao.recentByStatusAndPipeline(status, pipelineId, limit);
  }

  @Override
  public WorkflowState toRecord(WorkflowState row) {
    return row;
  }

  @Override
  public void close() {
    pool.close();
  }
}
