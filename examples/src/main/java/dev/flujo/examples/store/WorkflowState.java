package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flujo.annotations.Column;
import dev.flujo.annotations.Convert;
import dev.flujo.annotations.CreatedAt;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The resumable state of one workflow run: table {@code workflow_state}.
 *
 * <p>Documented defaults: the constructor replaces a null {@code pipelineId} with {@value
 * #UNKNOWN_PIPELINE}, {@code pipelineName} with the pipeline id, {@code pipelineVersion} with
 * {@value #LATEST_VERSION}, {@code pipelineContext} and {@code metadata} with an empty object,
 * {@code stepHistory} with an empty array and {@code status} with {@link WorkflowStatus#RUNNING};
 * {@code createdAt} and {@code updatedAt} are set when saved, from the database's clock ({@code
 * createdAt} keeps its first value). Maps are copied into unmodifiable maps. The columns added
 * after the first version ({@code step_history}, {@code total_steps}, {@code metadata}, {@code
 * is_background_task} and the nullable ones) have SQL defaults too, so an older file gains them at
 * open and keeps its rows.
 *
 * @param runId the run's id; the key
 * @param pipelineId which pipeline runs
 * @param pipelineName its display name
 * @param pipelineVersion its version
 * @param currentStepIndex the next step to run (0-based)
 * @param pipelineContext the pipeline's context, a JSON object
 * @param lastStepOutput the previous step's output, any JSON value, or null
 * @param stepHistory the steps run so far, a JSON array (the orchestrator decides its elements)
 * @param status where the run is in its life cycle
 * @param createdAt when the state was first saved
 * @param updatedAt when the state was last saved
 * @param totalSteps how many steps the pipeline has
 * @param errorMessage why the run failed, or null
 * @param executionTimeMs how long the run took, or null while it runs
 * @param memoryUsageMb peak memory of the run, or null
 * @param metadata free-form JSON object for the orchestrator
 * @param isBackgroundTask whether the run was started in the background
 * @param parentRunId the run that started this one, or null
 */
@StateTable
@Index(columns = "status")
@Index(columns = "pipeline_id")
@Index(columns = "parent_run_id")
@Index(columns = "created_at")
public record WorkflowState(
    @Id String runId,
    String pipelineId,
    String pipelineName,
    String pipelineVersion,
    int currentStepIndex,
    @Convert(JsonObjectConverter.class) Map<String, Object> pipelineContext,
    @Nullable @Convert(JsonValueConverter.class) JsonNode lastStepOutput,
    @Column(defaultValue = "'[]'") @Convert(JsonValueConverter.class) JsonNode stepHistory,
    WorkflowStatus status,
    @CreatedAt Instant createdAt,
    @UpdatedAt Instant updatedAt,
    @Column(defaultValue = "0") int totalSteps,
    @Nullable String errorMessage,
    @Nullable Long executionTimeMs,
    @Nullable Double memoryUsageMb,
    @Column(defaultValue = "'{}'") @Convert(JsonObjectConverter.class) Map<String, Object> metadata,
    @Column(defaultValue = "FALSE") boolean isBackgroundTask,
    @Nullable String parentRunId) {

  /** The pipeline id of a state saved without one. */
  public static final String UNKNOWN_PIPELINE = "unknown";

  /** The pipeline version of a state saved without one. */
  public static final String LATEST_VERSION = "latest";

  /** Applies the documented defaults to null components. */
  public WorkflowState {
    Objects.requireNonNull(runId, "runId");
    pipelineId = pipelineId == null ? UNKNOWN_PIPELINE : pipelineId;
    pipelineName = pipelineName == null ? pipelineId : pipelineName;
    pipelineVersion = pipelineVersion == null ? LATEST_VERSION : pipelineVersion;
    pipelineContext = Json.copyOf(pipelineContext);
    stepHistory = stepHistory == null ? JsonNodeFactory.instance.arrayNode() : stepHistory;
    status = status == null ? WorkflowStatus.RUNNING : status;
    metadata = Json.copyOf(metadata);
  }

  /** Starts a state for {@code runId}; every other component has its default. */
  public static Builder builder(String runId) {
    return new Builder(runId);
  }

  /** A builder holding this state's components, to derive the next state from. */
  public Builder toBuilder() {
    Builder b = new Builder(runId);
    b.pipelineId = pipelineId;
    b.pipelineName = pipelineName;
    b.pipelineVersion = pipelineVersion;
    b.currentStepIndex = currentStepIndex;
    b.pipelineContext = pipelineContext;
    b.lastStepOutput = lastStepOutput;
    b.stepHistory = stepHistory;
    b.status = status;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.totalSteps = totalSteps;
    b.errorMessage = errorMessage;
    b.executionTimeMs = executionTimeMs;
    b.memoryUsageMb = memoryUsageMb;
    b.metadata = metadata;
    b.isBackgroundTask = isBackgroundTask;
    b.parentRunId = parentRunId;
    return b;
  }

  /** Builds a {@link WorkflowState}; unset components get the documented defaults. */
  public static final class Builder {
    private final String runId;
    private String pipelineId;
    private String pipelineName;
    private String pipelineVersion;
    private int currentStepIndex;
    private Map<String, Object> pipelineContext;
    private JsonNode lastStepOutput;
    private JsonNode stepHistory;
    private WorkflowStatus status;
    private Instant createdAt;
    private Instant updatedAt;
    private int totalSteps;
    private String errorMessage;
    private Long executionTimeMs;
    private Double memoryUsageMb;
    private Map<String, Object> metadata;
    private boolean isBackgroundTask;
    private String parentRunId;

    private Builder(String runId) {
      this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** Sets the pipeline id. */
    public Builder pipelineId(String value) {
      this.pipelineId = value;
      return this;
    }

    /** Sets the pipeline name. */
    public Builder pipelineName(String value) {
      this.pipelineName = value;
      return this;
    }

    /** Sets the pipeline version. */
    public Builder pipelineVersion(String value) {
      this.pipelineVersion = value;
      return this;
    }

    /** Sets the index of the next step. */
    public Builder currentStepIndex(int value) {
      this.currentStepIndex = value;
      return this;
    }

    /** Sets the pipeline context (a JSON object). */
    public Builder pipelineContext(Map<String, ?> value) {
      this.pipelineContext = value == null ? null : Json.copyOf(value);
      return this;
    }

    /** Sets the last step's output. */
    public Builder lastStepOutput(JsonNode value) {
      this.lastStepOutput = value;
      return this;
    }

    /** Sets the step history (a JSON array). */
    public Builder stepHistory(JsonNode value) {
      this.stepHistory = value;
      return this;
    }

    /** Sets the status. */
    public Builder status(WorkflowStatus value) {
      this.status = value;
      return this;
    }

    /** Sets the total number of steps. */
    public Builder totalSteps(int value) {
      this.totalSteps = value;
      return this;
    }

    /** Sets the error message. */
    public Builder errorMessage(String value) {
      this.errorMessage = value;
      return this;
    }

    /** Sets the execution time in milliseconds. */
    public Builder executionTimeMs(Long value) {
      this.executionTimeMs = value;
      return this;
    }

    /** Sets the memory usage in MB. */
    public Builder memoryUsageMb(Double value) {
      this.memoryUsageMb = value;
      return this;
    }

    /** Sets the metadata (a JSON object). */
    public Builder metadata(Map<String, ?> value) {
      this.metadata = value == null ? null : Json.copyOf(value);
      return this;
    }

    /** Sets whether the run is a background task. */
    public Builder isBackgroundTask(boolean value) {
      this.isBackgroundTask = value;
      return this;
    }

    /** Sets the parent run's id. */
    public Builder parentRunId(String value) {
      this.parentRunId = value;
      return this;
    }

    /** Builds the state. */
    public WorkflowState build() {
      return new WorkflowState(
          runId,
          pipelineId,
          pipelineName,
          pipelineVersion,
          currentStepIndex,
          pipelineContext,
          lastStepOutput,
          stepHistory,
          status,
          createdAt,
          updatedAt,
          totalSteps,
          errorMessage,
          executionTimeMs,
          memoryUsageMb,
          metadata,
          isBackgroundTask,
          parentRunId);
    }
  }
}
