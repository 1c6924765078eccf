package dev.flujo.examples.store;

import java.util.List;

/**
 * A run and its step results, from {@link WorkflowStateStore#runDetails}.
 *
 * @param run the run record
 * @param steps its step results in step order
 */
public record RunDetails(Run run, List<StepResult> steps) {
  /** Copies the list. */
  public RunDetails {
    steps = List.copyOf(steps);
  }
}
