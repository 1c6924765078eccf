package dev.flujo.examples.store;

/**
 * A flaw {@link WorkflowStateStore#loadTrace} found in the stored spans and how it repaired it.
 *
 * @param kind what was wrong
 * @param spanId the span that was made a root
 * @param detail a sentence for logs
 */
public record TraceIssue(Kind kind, String spanId, String detail) {
  /** The kinds of flaw. */
  public enum Kind {
    /** The span's parent is not among the run's spans; the span became a root. */
    MISSING_PARENT,
    /**
     * The span lies on a cycle of parent links (a span may be its own parent); of the cycle's
     * spans, the one that started first (then the smallest id) became a root.
     */
    CYCLE
  }
}
