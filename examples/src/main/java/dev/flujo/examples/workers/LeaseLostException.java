package dev.flujo.examples.workers;

/**
 * A worker's write on a run was refused because its claim is no longer the run's: its lease ended
 * (a GC pause, a network partition, a stopped process) or another worker claimed the run, which
 * incremented the fencing token. Nothing of the refused write was applied; the worker must drop
 * the run.
 */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code claim}, refused while doing {@code what}. */
  public LeaseLostException(Claim claim, String what) {
    super(
        what
            + " refused: worker "
            + claim.worker()
            + " no longer holds run "
            + claim.runId()
            + " with fencing token "
            + claim.fencingToken()
            + " (its lease ended or another worker took the run over); nothing was written");
  }
}
