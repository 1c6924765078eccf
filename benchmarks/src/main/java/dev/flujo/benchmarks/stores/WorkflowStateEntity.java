package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The JPA entity of the Hibernate contender: the same 14 columns as {@link WorkflowState}, with
 * timestamps converted to epoch microseconds and the status stored by name. {@code created_at} is
 * not updatable, so an upsert keeps its first value.
 */
@Entity
@Table(name = "workflow_state")
public class WorkflowStateEntity {
  @Id
  @Column(name = "run_id")
  private String runId;

  @Column(name = "pipeline_id", nullable = false)
  private String pipelineId;

  @Column(name = "pipeline_name", nullable = false)
  private String pipelineName;

  @Column(name = "pipeline_version", nullable = false)
  private String pipelineVersion;

  @Column(name = "current_step_index", nullable = false)
  private int currentStepIndex;

  @Column(name = "pipeline_context", nullable = false)
  private String pipelineContext;

  @Column(name = "last_step_output")
  private String lastStepOutput;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false)
  private Status status;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "total_steps", nullable = false)
  private int totalSteps;

  @Column(name = "error_message")
  private String errorMessage;

  @Column(name = "execution_time_ms")
  private Long executionTimeMs;

  @Column(name = "memory_usage_mb")
  private Double memoryUsageMb;

  /** For Hibernate. */
  protected WorkflowStateEntity() {}

  /** An entity with the record's values and both timestamps set to {@code now}. */
  public WorkflowStateEntity(WorkflowState row, Instant now) {
    this.runId = row.runId();
    this.pipelineId = row.pipelineId();
    this.pipelineName = row.pipelineName();
    this.pipelineVersion = row.pipelineVersion();
    this.currentStepIndex = row.currentStepIndex();
    this.pipelineContext = row.pipelineContext();
    this.lastStepOutput = row.lastStepOutput();
    this.status = row.status();
    this.createdAt = now;
    this.updatedAt = now;
    this.totalSteps = row.totalSteps();
    this.errorMessage = row.errorMessage();
    this.executionTimeMs = row.executionTimeMs();
    this.memoryUsageMb = row.memoryUsageMb();
  }

  /** The entity as the shared record type. */
  public WorkflowState toRecord() {
    return new WorkflowState(
        runId,
        pipelineId,
        pipelineName,
        pipelineVersion,
        currentStepIndex,
        pipelineContext,
        lastStepOutput,
        status,
        createdAt,
        updatedAt,
        totalSteps,
        errorMessage,
        executionTimeMs,
        memoryUsageMb);
  }

  /** The key. */
  public String getRunId() {
    return runId;
  }

  /** Stores an {@link Instant} as INTEGER epoch microseconds, as Flujo does. */
  public static final class EpochMicros implements AttributeConverter<Instant, Long> {
    /** Used by Hibernate. */
    public EpochMicros() {}

    @Override
    public Long convertToDatabaseColumn(Instant value) {
      return value == null ? null : JdbcRows.micros(value);
    }

    @Override
    public Instant convertToEntityAttribute(Long value) {
      return value == null ? null : JdbcRows.instant(value);
    }
  }
}
