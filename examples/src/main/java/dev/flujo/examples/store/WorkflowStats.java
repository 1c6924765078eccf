package dev.flujo.examples.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Counts over {@code workflow_state}, read in one snapshot by {@link
 * WorkflowStateStore#workflowStats()}.
 *
 * @param total every workflow state
 * @param byStatus the count of each status; every status is present, zero if none
 * @param createdLast24Hours states first saved in the 24 hours before the database clock's now
 * @param averageExecutionTimeMs the mean of the execution times that are set; empty if none is
 */
public record WorkflowStats(
    long total,
    Map<WorkflowStatus, Long> byStatus,
    long createdLast24Hours,
    OptionalDouble averageExecutionTimeMs) {

  /** Copies the counts into an unmodifiable map with every status. */
  public WorkflowStats {
    EnumMap<WorkflowStatus, Long> all = new EnumMap<>(WorkflowStatus.class);
    for (WorkflowStatus s : WorkflowStatus.values()) {
      all.put(s, byStatus.getOrDefault(s, 0L));
    }
    byStatus = Collections.unmodifiableMap(all);
  }

  /** The count of one status. */
  public long count(WorkflowStatus status) {
    return byStatus.get(status);
  }
}
