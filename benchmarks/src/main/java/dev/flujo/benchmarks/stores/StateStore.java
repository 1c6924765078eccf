package dev.flujo.benchmarks.stores;

import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.util.List;
import java.util.function.Consumer;

/**
 * The operations every contender implements, each the way a user of that library would write it.
 * Writes set {@code created_at} and {@code updated_at} to the current time in epoch microseconds;
 * an upsert of an existing key keeps its {@code created_at}. Implementations are thread-safe.
 *
 * @param <E> the contender's row type: {@link WorkflowState}, or an entity class for JPA
 */
public interface StateStore<E> extends AutoCloseable {
  /** Upserts every row in one transaction, batched. */
  void upsertAll(List<WorkflowState> rows);

  /** Upserts one row in its own (autocommit) transaction. */
  void upsert(WorkflowState row);

  /** The row with this key, or null. */
  E findById(String runId);

  /** Every row, in key order. */
  List<E> findAll();

  /**
   * Reads every row in key order without holding them all, handing each to {@code sink}; returns
   * the number of rows.
   */
  long streamAll(Consumer<? super E> sink);

  /**
   * The {@code limit} most recently created rows with this status and pipeline, newest first
   * ({@code WHERE status = ? AND pipeline_id = ? ORDER BY created_at DESC LIMIT ?}).
   */
  List<E> recentByStatusAndPipeline(Status status, String pipelineId, int limit);

  /** The row as the shared record type, for checks outside the timed code. */
  WorkflowState toRecord(E row);

  /** Releases connections and pools. */
  @Override
  void close();
}
