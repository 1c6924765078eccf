package dev.flujo.benchmarks.harness;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.flujo.benchmarks.stores.Contender;
import dev.flujo.benchmarks.stores.StateStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Streams every row of a large file through one contender, in its own JVM so that heap figures
 * belong to that contender alone. Reads the file {@code passes} times (the first warms the JIT),
 * and prints one line: {@code STREAM contender rows=N millis=best peakAfterGcBytes=P
 * maxHeapBytes=M gcs=G}. The peak after GC is the largest heap occupancy any collection left
 * behind: what the reader kept alive, not the garbage it made.
 */
public final class StreamHarness {
  /** Where each row goes: a field store the JIT cannot remove, and nothing kept but one row. */
  static Object lastRow;

  private StreamHarness() {}

  /** Tracks the heap left after each collection. */
  static final class HeapWatch implements NotificationListener {
    final AtomicLong peakAfterGc = new AtomicLong();
    final AtomicLong collections = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    void start() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(this, null, null);
          emitters.add(emitter);
        }
      }
    }

    void stop() throws Exception {
      for (NotificationEmitter emitter : emitters) {
        emitter.removeNotificationListener(this);
      }
    }

    @Override
    public void handleNotification(javax.management.Notification n, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
        used += usage.getUsed();
      }
      collections.incrementAndGet();
      peakAfterGc.accumulateAndGet(used, Math::max);
    }
  }

  /**
   * Arguments: contender id, database file (already loaded), passes.
   *
   * @param args {@code <contender> <file> <passes>}
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: StreamHarness <contender> <file> <passes>");
    }
    Contender contender = Contender.byId(args[0]);
    Path file = Path.of(args[1]);
    int passes = Integer.parseInt(args[2]);

    System.gc();
    HeapWatch watch = new HeapWatch();
    watch.start();
    long best = Long.MAX_VALUE;
    long rows = -1;
    try (StateStore<?> store = contender.open(file)) {
      for (int p = 0; p < passes; p++) {
        long start = System.nanoTime();
        long n = store.streamAll(row -> lastRow = row);
        long elapsed = System.nanoTime() - start;
        if (rows >= 0 && n != rows) {
          throw new IllegalStateException("pass " + p + " read " + n + " rows, earlier " + rows);
        }
        rows = n;
        best = Math.min(best, elapsed);
      }
    }
    watch.stop();
    System.out.printf(
        Locale.ROOT,
        "STREAM %s rows=%d millis=%d peakAfterGcBytes=%d maxHeapBytes=%d gcs=%d%n",
        contender.id(),
        rows,
        best / 1_000_000,
        watch.peakAfterGc.get(),
        Runtime.getRuntime().maxMemory(),
        watch.collections.get());
  }
}
