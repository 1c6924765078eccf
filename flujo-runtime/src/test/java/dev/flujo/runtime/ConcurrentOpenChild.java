package dev.flujo.runtime;

import static dev.flujo.runtime.TestTables.table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;

/**
 * A separate JVM for {@link ConcurrentOpenTest}: says it is ready, waits for the go signal, opens
 * the database and prints what the open changed.
 *
 * <p>Arguments: database file, ready file, go file, and {@code new} (open version 1 of the table),
 * {@code old} (open version 2, with a migration step from version 1 that logs each run) or {@code
 * corrupt} (open version 1 under BACKUP_AND_RECREATE).
 */
public final class ConcurrentOpenChild {
  static final TableDefinition V1 = table("job").key("id", "TEXT").notNull("state", "TEXT").build();
  static final TableDefinition V2 =
      table("job")
          .key("id", "TEXT")
          .notNull("status", "TEXT")
          .nullable("owner", "TEXT")
          .index("job_status", false, "status")
          .build();

  private ConcurrentOpenChild() {}

  /** Runs one opener; exits 0 after printing {@code CHANGES <changes>}, 1 on failure. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Path ready = Path.of(args[1]);
    Path go = Path.of(args[2]);
    boolean migrate = args[3].equals("old");
    boolean corrupt = args[3].equals("corrupt");
    Files.createFile(ready);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        System.out.println("no go signal");
        System.exit(2);
      }
      Thread.onSpinWait();
    }
    StateDatabase.Builder builder =
        StateDatabase.builder()
            .file(file)
            .corruptionPolicy(
                corrupt ? CorruptionPolicy.BACKUP_AND_RECREATE : CorruptionPolicy.FAIL);
    if (migrate) {
      builder
          .tables(V2)
          .migration(
              "job",
              V1.fingerprint(),
              connection -> {
                try (Statement s = connection.createStatement()) {
                  s.execute("CREATE TABLE IF NOT EXISTS step_log (pid INTEGER)");
                  s.execute("INSERT INTO step_log VALUES (" + ProcessHandle.current().pid() + ")");
                }
                TableRebuild.of(V2).column("status", "\"state\"").run(connection);
              });
    } else {
      builder.tables(V1);
    }
    try (StateDatabase db = builder.open()) {
      System.out.println("CHANGES " + String.join(";", db.schemaChanges()));
      System.out.println(
          "RECOVERED " + db.recoveredFrom().map(p -> p.getFileName().toString()).orElse("-"));
    } catch (RuntimeException e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }
}
