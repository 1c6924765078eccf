package dev.flujo.examples.workers;

import dev.flujo.annotations.Query;
import dev.flujo.annotations.StateQueries;

/** Checks over {@code step_effects}. */
@StateQueries(StepEffect.class)
public interface EffectQueries {
  /** How many effects are stored. */
  @Query("SELECT count(*) FROM step_effects")
  long count();

  /** How many effects were applied with each fencing token of a run, for checks. */
  @Query("SELECT count(*) FROM step_effects WHERE run_id = :runId AND fencing_token = :token")
  long appliedWith(String runId, long token);
}
