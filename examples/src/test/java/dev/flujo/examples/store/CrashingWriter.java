package dev.flujo.examples.store;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;

/**
 * A child process for {@link FaultToleranceTest}: writes a state and a step result and then halts
 * the JVM, either inside the transaction ({@code mid}) or after it committed ({@code after}).
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  /** Usage: {@code CrashingWriter <file> <runId> mid|after}. */
  public static void main(String[] args) {
    StateDatabase db =
        StateDatabase.builder()
            .file(Path.of(args[0]))
            .tables(SqliteWorkflowStateStore.TABLES)
            .open();
    SqliteWorkflowStateStore store = new SqliteWorkflowStateStore(db);
    String runId = args[1];
    if (args[2].equals("mid")) {
      db.inTransaction(
          () -> {
            store.saveState(WorkflowState.builder(runId).build());
            store.saveStepResult(StepResult.of(runId, 0, null, null));
            Runtime.getRuntime().halt(3);
          });
    } else {
      store.recordStep(WorkflowState.builder(runId).build(), StepResult.of(runId, 0, null, null));
      Runtime.getRuntime().halt(3);
    }
  }
}
