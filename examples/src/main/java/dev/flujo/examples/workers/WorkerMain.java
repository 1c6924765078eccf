package dev.flujo.examples.workers;

import dev.flujo.runtime.NotifyMode;
import dev.flujo.runtime.RetryPolicy;
import dev.flujo.runtime.StateDatabase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One worker process: {@code WorkerMain <jdbc-url> <worker-id> <lease-ms> <step-ms> [user
 * password]}. Works until nothing is left, printing one line per event ({@code CLAIMED}, {@code
 * APPLIED}, {@code REFUSED}) and {@code DONE applied refused} at the end. Used by the demo's
 * {@code --workers} mode and the kill tests.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /** Runs the worker. */
  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: WorkerMain <jdbc-url> <worker-id> <lease-ms> <step-ms> [user password]");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .url(args[0])
            .tables(WorkQueue.TABLES)
            .busyTimeout(Duration.ofSeconds(30))
            // concurrent claims under serializable isolation collide on PostgreSQL (40001)
            .retryPolicy(new RetryPolicy(50, 2, 1.5, 200, 1.0))
            .changePollInterval(Duration.ofMillis(50))
            // many workers write at once: announce commits afterwards, without PostgreSQL's
            // server-wide lock on notifying commits; a lost wake-up is covered by the idle wait
            .notifyOtherClients(NotifyMode.AFTER_COMMIT);
    if (args.length >= 6) {
      builder.credentials(args[4], args[5]);
    }
    try (StateDatabase db = builder.open()) {
      Worker worker =
          new Worker(
              new WorkQueue(db, 5),
              args[1],
              Duration.ofMillis(Long.parseLong(args[2])),
              Duration.ofMillis(Long.parseLong(args[3])),
              out::println);
      worker.run();
      out.println("DONE " + worker.applied() + " " + worker.refused());
    }
  }
}
