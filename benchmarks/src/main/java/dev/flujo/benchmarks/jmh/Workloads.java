package dev.flujo.benchmarks.jmh;

import dev.flujo.benchmarks.model.Rows;
import dev.flujo.benchmarks.model.WorkflowState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The workloads of the comparison, each run once per contender ({@link StoreState#contender}) in
 * its own fork, as operations per second. Warm-up, iterations and forks come from {@code
 * dev.flujo.benchmarks.Runner} (quick or full mode).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Workloads {
  /** Rows of one batched upsert. */
  public static final int BATCH_ROWS = 10_000;

  /** Rows returned by the filtered query at most. */
  public static final int LIMIT = 20;

  /** The 10,000 rows every batched upsert writes (all keys exist, so each row is an update). */
  @State(Scope.Benchmark)
  public static class Batch {
    List<WorkflowState> rows;

    /** Builds the rows before timing. */
    @Setup(Level.Trial)
    public void prepare() {
      rows = Rows.rows(0, BATCH_ROWS, 4);
    }
  }

  /** Upserts 10,000 rows in one transaction, batched. One op = 10,000 rows. */
  @Benchmark
  public void batchUpsert10k(StoreState s, Batch batch) {
    s.store.upsertAll(batch.rows);
  }

  /** Upserts one existing row, autocommit. */
  @Benchmark
  public void singleUpsert(StoreState s, Cursor c) {
    s.store.upsert(c.nextRow());
  }

  /** Reads one row by key; the file's pages are in SQLite's and the OS's cache. */
  @Benchmark
  public Object pointRead(StoreState s, Cursor c) {
    return s.store.findById(c.nextKey());
  }

  /** Reads all 10,000 rows into objects, in key order. One op = 10,000 rows. */
  @Benchmark
  public List<?> scan10k(StoreState s) {
    return s.store.findAll();
  }

  /**
   * {@code WHERE status = ? AND pipeline_id = ? ORDER BY created_at DESC LIMIT 20}, cycling over
   * all 100 status and pipeline combinations.
   */
  @Benchmark
  public List<?> filteredOrderByLimit(StoreState s, Cursor c) {
    return s.store.recentByStatusAndPipeline(c.status(), c.pipeline(), LIMIT);
  }

  /** 80% point reads, 20% single upserts, one thread. */
  @Benchmark
  @Threads(1)
  public Object mixed80r20wThreads1(StoreState s, Cursor c) {
    return mixed(s, c);
  }

  /** 80% point reads, 20% single upserts, two threads on one store. */
  @Benchmark
  @Threads(2)
  public Object mixed80r20wThreads2(StoreState s, Cursor c) {
    return mixed(s, c);
  }

  /** 80% point reads, 20% single upserts, four threads on one store. */
  @Benchmark
  @Threads(4)
  public Object mixed80r20wThreads4(StoreState s, Cursor c) {
    return mixed(s, c);
  }

  private static Object mixed(StoreState s, Cursor c) {
    if (c.nextIsWrite()) {
      s.store.upsert(c.nextRow());
      return null;
    }
    return s.store.findById(c.nextKey());
  }
}
