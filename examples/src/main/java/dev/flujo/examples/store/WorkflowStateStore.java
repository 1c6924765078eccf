package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flujo.annotations.DbRetry;
import dev.flujo.annotations.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The state backend of a workflow orchestrator: resumable workflow states, run and step history,
 * traces and a little system state.
 *
 * <p>{@code @DbRetry} makes the processor write {@code RetryingWorkflowStateStore}, which reruns a
 * whole method when it fails transiently (the database busy or locked, the pool exhausted): wrap
 * the SQLite implementation with it, {@code new RetryingWorkflowStateStore(new
 * SqliteWorkflowStateStore(db))}. Every method that writes more than one row does so in one
 * transaction, so a rerun never sees half of an earlier attempt.
 *
 * <p>Failures are Flujo's unchecked {@link dev.flujo.runtime.StateException}s; stored JSON that
 * cannot be read is a {@link dev.flujo.runtime.DataConversionException} naming the table, the
 * column and the run.
 */
@DbRetry(maxAttempts = 10, initialDelayMillis = 10, multiplier = 2.0, maxDelayMillis = 500)
public interface WorkflowStateStore {
  /** Saves a workflow's state, replacing the previous one of its run; keeps its first createdAt. */
  void saveState(WorkflowState state);

  /** The saved state of a run, if any. */
  Optional<WorkflowState> loadState(String runId);

  /**
   * Deletes everything stored about a run, in one transaction: its workflow state, run record, step
   * results and spans. Returns whether there was anything.
   */
  boolean deleteState(String runId);

  /**
   * A page of workflow states, most recently created first (ties by run id).
   *
   * @param status only this status, or null for all
   * @param pipelineId only this pipeline, or null for all
   * @param limit at most this many, at least 0
   * @param offset skip this many, at least 0
   */
  List<WorkflowSummary> listWorkflows(
      @Nullable WorkflowStatus status, @Nullable String pipelineId, int limit, int offset);

  /** Counts over every workflow state, read in one consistent snapshot. */
  WorkflowStats workflowStats();

  /**
   * Deletes every run whose last write (its workflow state or its run record, whichever is later)
   * is older than {@code age} before the database clock's now, with its step results and spans, in
   * one transaction. Returns how many runs it deleted.
   */
  int cleanupOlderThan(Duration age);

  /** Workflows that failed and were last saved within {@code window} of now, most recent first. */
  List<WorkflowSummary> failedWorkflows(Duration window);

  /**
   * Replaces a run's spans with these trees, atomically. Span ids must be unique in the trees and
   * must not belong to another run ({@link dev.flujo.runtime.DuplicateKeyException}, nothing
   * changed). Records the run with defaults if it has no run record yet.
   */
  void saveTrace(String runId, List<SpanNode> roots);

  /** Replaces a run's spans with one tree; see {@link #saveTrace(String, List)}. */
  default void saveTrace(String runId, SpanNode root) {
    saveTrace(runId, List.of(root));
  }

  /**
   * Rebuilds a run's trace, or empty if it has no spans. Spans whose parent is missing, and one
   * span on each cycle of parent links, become roots and are listed in {@link Trace#issues()}.
   */
  Optional<Trace> loadTrace(String runId);

  /**
   * Records that a run (re)started: status RUNNING, end time, cost and final context cleared; a run
   * recorded before keeps its createdAt.
   */
  void saveRunStart(RunStart start);

  /**
   * Saves one step's result (replacing an earlier result of the same step) and touches the run
   * record, creating it with defaults if the run was never started.
   */
  void saveStepResult(StepResult step);

  /**
   * Saves a workflow's state and the result of the step that produced it in one transaction: both
   * are stored or neither is.
   *
   * @throws IllegalArgumentException if they belong to different runs
   */
  void recordStep(WorkflowState state, StepResult step);

  /** Records how a run ended, at the database clock's now; creates the run record if missing. */
  void saveRunEnd(RunEnd end);

  /** A run record with its step results, or empty if the run has no record. */
  Optional<RunDetails> runDetails(String runId);

  /**
   * A page of run records, most recently created first (ties by run id).
   *
   * @param status only this status, or null for all
   * @param pipelineName only this pipeline name, or null for all
   * @param limit at most this many, at least 0
   * @param offset skip this many, at least 0
   */
  List<Run> listRuns(
      @Nullable WorkflowStatus status, @Nullable String pipelineName, int limit, int offset);

  /** Sets a system state entry; a null value is stored as JSON {@code null}. */
  void setSystemState(String key, @Nullable JsonNode value);

  /** A system state entry, if set. */
  Optional<SystemState> getSystemState(String key);
}
