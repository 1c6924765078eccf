package dev.flujo.benchmarks.jmh;

import dev.flujo.benchmarks.stores.Contender;
import dev.flujo.benchmarks.stores.Databases;
import dev.flujo.benchmarks.stores.StateStore;
import dev.flujo.benchmarks.stores.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One contender over its own fresh file (or, with {@code -Dflujo.bench.database=postgresql}, its
 * own fresh PostgreSQL database) holding {@value #ROWS} rows, created with the shared DDL and
 * settings and loaded outside the contender. A fork runs one benchmark for one contender, so
 * every contender starts from the same file content. Files go under {@code -Dflujo.bench.dir}
 * (default: the temp directory) and are deleted after the trial.
 */
@State(Scope.Benchmark)
public class StoreState {
  /** Rows loaded before the trial; the key space of reads and writes. */
  public static final int ROWS = 10_000;

  /** The contender, by {@link Contender#id()}. */
  @Param({"jdbc-limit", "flujo", "jdbc-everyday", "jdbi", "jooq", "hibernate"})
  public String contender;

  /** The contender's store, open for the trial. */
  public StateStore<?> store;

  private Path dir;
  private Target target;

  /** Creates and loads the file, then opens the contender on it. */
  @Setup(Level.Trial)
  public void open() throws Exception {
    String base = System.getProperty("flujo.bench.dir");
    dir =
        base == null
            ? Files.createTempDirectory("flujo-bench-")
            : Files.createTempDirectory(Files.createDirectories(Path.of(base)), "flujo-bench-");
    target = Databases.fresh(dir, "state", ROWS);
    store = Contender.byId(contender).open(target);
  }

  /** Closes the contender and deletes its file. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    try {
      store.close();
    } finally {
      try {
        Databases.drop(target);
      } finally {
        deleteTree(dir);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
