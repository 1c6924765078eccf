package dev.flujo.examples.store;

import java.util.List;

/**
 * A run's trace as {@link WorkflowStateStore#loadTrace} rebuilt it.
 *
 * @param runId the run
 * @param roots the spans without a parent, ordered by start time then id; usually one
 * @param issues the flaws found and repaired (missing parents, cycles); empty for a trace saved by
 *     {@link WorkflowStateStore#saveTrace}
 */
public record Trace(String runId, List<SpanNode> roots, List<TraceIssue> issues) {
  /** Copies the lists. */
  public Trace {
    roots = List.copyOf(roots);
    issues = List.copyOf(issues);
  }

  /** The number of spans in the trace. */
  public int spanCount() {
    int n = 0;
    for (SpanNode root : roots) {
      n += root.size();
    }
    return n;
  }
}
