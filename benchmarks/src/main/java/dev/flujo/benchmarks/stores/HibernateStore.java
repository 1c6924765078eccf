package dev.flujo.benchmarks.stores;

import com.zaxxer.hikari.HikariDataSource;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.community.dialect.SQLiteDialect;

/**
 * Hibernate ORM 7 with the community {@link SQLiteDialect} over a HikariCP pool, mapping {@link
 * WorkflowStateEntity}. Every operation opens a {@link StatelessSession} (no persistence context,
 * no dirty checking: Hibernate's fastest path, and the one its documentation recommends for bulk
 * work) and closes it. Upserts use {@code StatelessSession.upsert}/{@code upsertMultiple}, batched
 * through {@code hibernate.jdbc.batch_size}; reads use {@code get} and HQL selection queries. The
 * schema is created outside Hibernate ({@code hbm2ddl} off).
 */
public final class HibernateStore implements StateStore<WorkflowStateEntity> {
  private static final int BATCH = 256;

  private final HikariDataSource pool;
  private final SessionFactory sessions;
  private final Clock clock = Clock.systemUTC();

  /** Opens a pool and a session factory over an existing file. */
  public HibernateStore(Path file) {
    this(Target.sqlite(file));
  }

  /**
   * Opens a pool and a session factory over an existing database: on SQLite the community dialect,
   * on PostgreSQL Hibernate's own {@code PostgreSQLDialect}, which it detects; timestamps stored
   * as epoch microseconds are converted by {@link WorkflowStateEntity.EpochMicros} (applied to
   * every {@code Instant}), a {@code timestamptz} column is mapped natively.
   */
  public HibernateStore(Target target) {
    this.pool = target.pool("hibernate");
    Configuration configuration = new Configuration().addAnnotatedClass(WorkflowStateEntity.class);
    configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
    if (!target.timestamps()) {
      configuration.addAttributeConverter(WorkflowStateEntity.EpochMicros.class, true);
    }
    if (!target.isPostgres()) {
      // on PostgreSQL Hibernate picks PostgreSQLDialect itself (and warns if it is named)
      configuration.setProperty(AvailableSettings.DIALECT, SQLiteDialect.class.getName());
    }
    configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
    configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, Integer.toString(BATCH));
    configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
    configuration.setProperty(AvailableSettings.GENERATE_STATISTICS, "false");
    this.sessions = configuration.buildSessionFactory();
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    Instant now = now();
    List<WorkflowStateEntity> entities = new ArrayList<>(rows.size());
    for (WorkflowState row : rows) {
      entities.add(new WorkflowStateEntity(row, now));
    }
    try (StatelessSession session = sessions.openStatelessSession()) {
      session.setJdbcBatchSize(BATCH);
      Transaction tx = session.beginTransaction();
      try {
        session.upsertMultiple(entities);
        tx.commit();
      } catch (RuntimeException e) {
        tx.rollback();
        throw e;
      }
    }
  }

  @Override
  public void upsert(WorkflowState row) {
    WorkflowStateEntity entity = new WorkflowStateEntity(row, now());
    try (StatelessSession session = sessions.openStatelessSession()) {
      session.upsert(entity);
    }
  }

  @Override
  public WorkflowStateEntity findById(String runId) {
    try (StatelessSession session = sessions.openStatelessSession()) {
      return session.get(WorkflowStateEntity.class, runId);
    }
  }

  @Override
  public List<WorkflowStateEntity> findAll() {
    try (StatelessSession session = sessions.openStatelessSession()) {
      return session
          .createSelectionQuery("from WorkflowStateEntity e order by e.runId", WorkflowStateEntity.class)
          .getResultList();
    }
  }

  @Override
  public long streamAll(Consumer<? super WorkflowStateEntity> sink) {
    long[] n = {0};
    try (StatelessSession session = sessions.openStatelessSession();
        Stream<WorkflowStateEntity> rows =
            session
                .createSelectionQuery(
                    "from WorkflowStateEntity e order by e.runId", WorkflowStateEntity.class)
                .getResultStream()) {
      rows.forEach(
          row -> {
            sink.accept(row);
            n[0]++;
          });
    }
    return n[0];
  }

  @Override
  public List<WorkflowStateEntity> recentByStatusAndPipeline(
      Status status, String pipelineId, int limit) {
    try (StatelessSession session = sessions.openStatelessSession()) {
      return session
          .createSelectionQuery(
              "from WorkflowStateEntity e where e.status = :status and e.pipelineId = :pipelineId"
                  + " order by e.createdAt desc",
              WorkflowStateEntity.class)
          .setParameter("status", status)
          .setParameter("pipelineId", pipelineId)
          .setMaxResults(limit)
          .getResultList();
    }
  }

  @Override
  public WorkflowState toRecord(WorkflowStateEntity row) {
    return row.toRecord();
  }

  @Override
  public void close() {
    try {
      sessions.close();
    } finally {
      pool.close();
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
