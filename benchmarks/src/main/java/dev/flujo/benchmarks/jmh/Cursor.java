package dev.flujo.benchmarks.jmh;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.Status;
import dev.flujo.benchmarks.model.WorkflowState;
import java.util.Random;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One benchmark thread's inputs, built before timing: a shuffled order of the existing keys, the
 * rows to write for them, and the filter combinations. Each thread starts at its own offset.
 */
@State(Scope.Thread)
public class Cursor {
  private static final Status[] STATUSES = Status.values();

  private String[] keys;
  private WorkflowState[] rows;
  private int next;
  private int queries;
  private int ops;

  /** Builds this thread's inputs. */
  @Setup(Level.Trial)
  public void prepare(ThreadParams thread) {
    int n = StoreState.ROWS;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(20_260_101L + thread.getThreadIndex());
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    keys = new String[n];
    rows = new WorkflowState[n];
    for (int i = 0; i < n; i++) {
      keys[i] = Rows.runId(order[i]);
      rows[i] = Rows.row(order[i], 1 + thread.getThreadIndex());
    }
    next = thread.getThreadIndex() * 997 % n;
  }

  private int advance() {
    int i = next;
    next = i + 1 == keys.length ? 0 : i + 1;
    return i;
  }

  /** The next existing key. */
  public String nextKey() {
    return keys[advance()];
  }

  /** A new version of the next existing row. */
  public WorkflowState nextRow() {
    return rows[advance()];
  }

  /** Whether the next mixed operation writes: one in five. */
  public boolean nextIsWrite() {
    return ops++ % 5 == 4;
  }

  /** The next filter's status; call {@link #pipeline()} for its pipeline. */
  public Status status() {
    queries++;
    return STATUSES[queries % STATUSES.length];
  }

  /** The current filter's pipeline. */
  public String pipeline() {
    return Rows.pipelineId((queries / STATUSES.length) % Rows.PIPELINES);
  }
}
