package dev.flujo.benchmarks.stores;

import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.zaxxer.hikari.HikariDataSource;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.BatchBindStep;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateSetMoreStep;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.Record;
import org.jooq.Record14;
import org.jooq.RecordMapper;
import org.jooq.SQLDialect;
import org.jooq.SelectSelectStep;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * jOOQ's DSL without code generation: tables and fields declared by name, a {@link DSLContext}
 * over a HikariCP pool with the SQLite dialect, execute logging off (jOOQ's own advice for
 * throughput), typed {@code Record14} rows mapped by a lambda, batches as one query bound many
 * times inside {@code ctx.transaction}.
 */
public final class JooqStore implements StateStore<WorkflowState> {
  private static final int BATCH = 256;

  private static final Table<Record> T = table(name("workflow_state"));
  private static final Field<String> RUN_ID = field(name("run_id"), SQLDataType.VARCHAR);
  private static final Field<String> PIPELINE_ID = field(name("pipeline_id"), SQLDataType.VARCHAR);
  private static final Field<String> PIPELINE_NAME =
      field(name("pipeline_name"), SQLDataType.VARCHAR);
  private static final Field<String> PIPELINE_VERSION =
      field(name("pipeline_version"), SQLDataType.VARCHAR);
  private static final Field<Integer> CURRENT_STEP_INDEX =
      field(name("current_step_index"), SQLDataType.INTEGER);
  private static final Field<String> PIPELINE_CONTEXT =
      field(name("pipeline_context"), SQLDataType.VARCHAR);
  private static final Field<String> LAST_STEP_OUTPUT =
      field(name("last_step_output"), SQLDataType.VARCHAR);
  private static final Field<String> STATUS = field(name("status"), SQLDataType.VARCHAR);
  /** Timestamps stored as {@code timestamptz} (PostgreSQL), seen as epoch microseconds here. */
  private static final DataType<Long> TIMESTAMPTZ_MICROS =
      SQLDataType.TIMESTAMPWITHTIMEZONE.asConvertedDataType(
          Converter.ofNullable(
              OffsetDateTime.class,
              Long.class,
              t -> JdbcRows.micros(t.toInstant()),
              m -> OffsetDateTime.ofInstant(JdbcRows.instant(m), ZoneOffset.UTC)));
  private static final Field<Integer> TOTAL_STEPS = field(name("total_steps"), SQLDataType.INTEGER);
  private static final Field<String> ERROR_MESSAGE =
      field(name("error_message"), SQLDataType.VARCHAR);
  private static final Field<Long> EXECUTION_TIME_MS =
      field(name("execution_time_ms"), SQLDataType.BIGINT);
  private static final Field<Double> MEMORY_USAGE_MB =
      field(name("memory_usage_mb"), SQLDataType.DOUBLE);

  private static final RecordMapper<
          Record14<
              String, String, String, String, Integer, String, String, String, Long, Long, Integer,
              String, Long, Double>,
          WorkflowState>
      MAPPER =
          r ->
              new WorkflowState(
                  r.value1(),
                  r.value2(),
                  r.value3(),
                  r.value4(),
                  r.value5(),
                  r.value6(),
                  r.value7(),
                  Status.valueOf(r.value8()),
                  JdbcRows.instant(r.value9()),
                  JdbcRows.instant(r.value10()),
                  r.value11(),
                  r.value12(),
                  r.value13(),
                  r.value14());

  private final Field<Long> createdAt;
  private final Field<Long> updatedAt;
  private final HikariDataSource pool;
  private final DSLContext ctx;
  private final Clock clock = Clock.systemUTC();

  /** Opens a pool over an existing file. */
  public JooqStore(Path file) {
    this(Target.sqlite(file));
  }

  /** Opens a pool over an existing database, with jOOQ's dialect for it. */
  public JooqStore(Target target) {
    DataType<Long> time = target.timestamps() ? TIMESTAMPTZ_MICROS : SQLDataType.BIGINT;
    this.createdAt = field(name("created_at"), time);
    this.updatedAt = field(name("updated_at"), time);
    this.pool = target.pool("jooq");
    this.ctx =
        DSL.using(
            pool,
            target.isPostgres() ? SQLDialect.POSTGRES : SQLDialect.SQLITE,
            new Settings().withExecuteLogging(false));
  }

  private InsertOnDuplicateSetMoreStep<Record> upsertQuery(
      DSLContext dsl, WorkflowState row, long now) {
    return onConflictUpdate(
        dsl.insertInto(
                T,
                RUN_ID,
                PIPELINE_ID,
                PIPELINE_NAME,
                PIPELINE_VERSION,
                CURRENT_STEP_INDEX,
                PIPELINE_CONTEXT,
                LAST_STEP_OUTPUT,
                STATUS,
                createdAt,
                updatedAt,
                TOTAL_STEPS,
                ERROR_MESSAGE,
                EXECUTION_TIME_MS,
                MEMORY_USAGE_MB)
            .values(
                row.runId(),
                row.pipelineId(),
                row.pipelineName(),
                row.pipelineVersion(),
                row.currentStepIndex(),
                row.pipelineContext(),
                row.lastStepOutput(),
                row.status().name(),
                now,
                now,
                row.totalSteps(),
                row.errorMessage(),
                row.executionTimeMs(),
                row.memoryUsageMb()));
  }

  /** The upsert with placeholder values, to be bound many times by a batch. */
  private InsertOnDuplicateSetMoreStep<Record> upsertTemplate(DSLContext dsl) {
    return onConflictUpdate(
        dsl.insertInto(
                T,
                RUN_ID,
                PIPELINE_ID,
                PIPELINE_NAME,
                PIPELINE_VERSION,
                CURRENT_STEP_INDEX,
                PIPELINE_CONTEXT,
                LAST_STEP_OUTPUT,
                STATUS,
                createdAt,
                updatedAt,
                TOTAL_STEPS,
                ERROR_MESSAGE,
                EXECUTION_TIME_MS,
                MEMORY_USAGE_MB)
            .values(
                (String) null, null, null, null, null, null, null, null, null, null, null, null,
                null, null));
  }

  private InsertOnDuplicateSetMoreStep<Record> onConflictUpdate(
      InsertOnDuplicateStep<Record> insert) {
    return insert
        .onConflict(RUN_ID)
        .doUpdate()
        .set(PIPELINE_ID, excluded(PIPELINE_ID))
        .set(PIPELINE_NAME, excluded(PIPELINE_NAME))
        .set(PIPELINE_VERSION, excluded(PIPELINE_VERSION))
        .set(CURRENT_STEP_INDEX, excluded(CURRENT_STEP_INDEX))
        .set(PIPELINE_CONTEXT, excluded(PIPELINE_CONTEXT))
        .set(LAST_STEP_OUTPUT, excluded(LAST_STEP_OUTPUT))
        .set(STATUS, excluded(STATUS))
        .set(updatedAt, excluded(updatedAt))
        .set(TOTAL_STEPS, excluded(TOTAL_STEPS))
        .set(ERROR_MESSAGE, excluded(ERROR_MESSAGE))
        .set(EXECUTION_TIME_MS, excluded(EXECUTION_TIME_MS))
        .set(MEMORY_USAGE_MB, excluded(MEMORY_USAGE_MB));
  }

  private SelectSelectStep<
          Record14<
              String, String, String, String, Integer, String, String, String, Long, Long, Integer,
              String, Long, Double>>
      select(DSLContext dsl) {
    return dsl.select(
        RUN_ID,
        PIPELINE_ID,
        PIPELINE_NAME,
        PIPELINE_VERSION,
        CURRENT_STEP_INDEX,
        PIPELINE_CONTEXT,
        LAST_STEP_OUTPUT,
        STATUS,
        createdAt,
        updatedAt,
        TOTAL_STEPS,
        ERROR_MESSAGE,
        EXECUTION_TIME_MS,
        MEMORY_USAGE_MB);
  }

  @Override
  public void upsertAll(List<WorkflowState> rows) {
    long now = JdbcRows.nowMicros(clock);
    ctx.transaction(
        configuration -> {
          DSLContext tx = DSL.using(configuration);
          BatchBindStep batch = null;
          for (WorkflowState row : rows) {
            if (batch == null) {
              batch = tx.batch(upsertTemplate(tx));
            }
            batch.bind(
                row.runId(),
                row.pipelineId(),
                row.pipelineName(),
                row.pipelineVersion(),
                row.currentStepIndex(),
                row.pipelineContext(),
                row.lastStepOutput(),
                row.status().name(),
                now,
                now,
                row.totalSteps(),
                row.errorMessage(),
                row.executionTimeMs(),
                row.memoryUsageMb());
            if (batch.size() == BATCH) {
              batch.execute();
              batch = null;
            }
          }
          if (batch != null) {
            batch.execute();
          }
        });
  }

  @Override
  public void upsert(WorkflowState row) {
    long now = JdbcRows.nowMicros(clock);
    upsertQuery(ctx, row, now).execute();
  }

  @Override
  public WorkflowState findById(String runId) {
    return select(ctx).from(T).where(RUN_ID.eq(runId)).fetchOne(MAPPER);
  }

  @Override
  public List<WorkflowState> findAll() {
    return select(ctx).from(T).orderBy(RUN_ID).fetch(MAPPER);
  }

  @Override
  public long streamAll(Consumer<? super WorkflowState> sink) {
    long[] n = {0};
    try (var rows = select(ctx).from(T).orderBy(RUN_ID).fetchStream()) {
      rows.forEach(
          r -> {
            sink.accept(MAPPER.map(r));
            n[0]++;
          });
    }
    return n[0];
  }

  @Override
  public List<WorkflowState> recentByStatusAndPipeline(Status status, String pipelineId, int limit) {
    return select(ctx)
        .from(T)
        .where(STATUS.eq(status.name()).and(PIPELINE_ID.eq(pipelineId)))
        .orderBy(createdAt.desc())
        .limit(limit)
        .fetch(MAPPER);
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
