package dev.flujo.tests.reliability;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.StateDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Suite 5, long run: a child JVM runs a mixed load (write transactions, upserts, point reads,
 * snapshot reads, streams, and one reader that holds a snapshot open for a long time) and samples
 * its heap after a full GC, its open file descriptors ({@code /proc/self/fd}) and the WAL size at a
 * fixed interval. None of them may keep growing: the peak of the last third of the run may not
 * exceed the peak of the first third by more than a margin (heap 1.5x + 32 MiB, descriptors +16,
 * WAL 2x + 16 MiB); steady growth, such as a WAL that is never reset, triples it. Long profile only
 * (10 minutes, a sample every 10 s); {@code -Dflujo.reliability.longrun.seconds=N} runs it for N
 * seconds in any build. In the long form it runs beside the crash suite (its limits are about
 * growth, not speed).
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@Execution(ExecutionMode.CONCURRENT)
class LongRunTest {
  static final long MIB = 1024 * 1024;

  @TempDir Path dir;

  /** One sample of the child's resources. */
  record Sample(
      long second, long heapBytes, int fds, long walBytes, long dbBytes, long operations) {
    static Sample parse(String line) {
      String[] p = line.split(" ");
      return new Sample(
          Long.parseLong(p[1]),
          Long.parseLong(p[2]),
          Integer.parseInt(p[3]),
          Long.parseLong(p[4]),
          Long.parseLong(p[5]),
          Long.parseLong(p[6]));
    }
  }

  @Test
  void heapFileDescriptorsAndWalStayBoundedUnderHoursOfMixedLoad() throws Exception {
    int seconds = Settings.choose("longrun.seconds", 0, 600);
    Assumptions.assumeTrue(
        seconds > 0,
        "the long run belongs to the long form: mvn verify -Preliability, or set"
            + " -Dflujo.reliability.longrun.seconds");
    int sampleEvery = Math.max(1, Math.min(10, seconds / 12));
    int holdSeconds = Math.max(2, Math.min(30, seconds / 20));
    Path file = dir.resolve("long.db");
    try (StateDatabase db = open(file)) {
      new Ledger(db).seedAccounts();
    }
    List<String> lines;
    try (ChildJvm child =
        ChildJvm.start(
            Child.class,
            dir.resolve("child.log"),
            List.of("-Xmx256m"),
            file.toString(),
            Integer.toString(seconds),
            Integer.toString(sampleEvery),
            Integer.toString(holdSeconds))) {
      int exit = child.awaitExit(Duration.ofSeconds(seconds + 180L));
      lines = child.lines();
      assertWithMessage("long-run child exit; log:\n%s", child.logTail()).that(exit).isEqualTo(0);
    }
    List<Sample> samples = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("SAMPLE ")) {
        samples.add(Sample.parse(line));
      } else if (line.startsWith("ERROR")) {
        errors.add(line);
      }
    }
    assertWithMessage("errors in the long run").that(errors).isEmpty();
    assertWithMessage("samples").that(samples.size()).isAtLeast(6);
    int third = samples.size() / 3;
    List<Sample> first = samples.subList(0, third);
    List<Sample> last = samples.subList(samples.size() - third, samples.size());
    long heapFirst = first.stream().mapToLong(Sample::heapBytes).max().orElseThrow();
    long heapLast = last.stream().mapToLong(Sample::heapBytes).max().orElseThrow();
    int fdsFirst = first.stream().mapToInt(Sample::fds).max().orElseThrow();
    int fdsLast = last.stream().mapToInt(Sample::fds).max().orElseThrow();
    long walFirst = first.stream().mapToLong(Sample::walBytes).max().orElseThrow();
    long walLast = last.stream().mapToLong(Sample::walBytes).max().orElseThrow();
    long walMax = samples.stream().mapToLong(Sample::walBytes).max().orElseThrow();
    String table = String.join("\n", lines.stream().filter(l -> l.startsWith("SAMPLE")).toList());
    Sample end = samples.get(samples.size() - 1);
    Figures.of("long run")
        .put("seconds", seconds)
        .put("samples", samples.size())
        .put("readerHoldSeconds", holdSeconds)
        .put("operations", end.operations())
        .put("opsPerSecond", end.operations() / Math.max(1, end.second()))
        .put("maxWalMiB", String.format("%.1f", walMax / (double) MIB))
        .put("walMiBFirstThird", walFirst / MIB)
        .put("walMiBLastThird", walLast / MIB)
        .put("heapMiBFirstThird", heapFirst / MIB)
        .put("heapMiBLastThird", heapLast / MIB)
        .put("fdsFirstThird", fdsFirst)
        .put("fdsLastThird", fdsLast)
        .put("dbMiB", end.dbBytes() / MIB)
        .record();
    assertWithMessage("heap after GC, last third against first third\n%s", table)
        .that(heapLast)
        .isAtMost(heapFirst + heapFirst / 2 + 32 * MIB);
    assertWithMessage("open file descriptors, last third against first third\n%s", table)
        .that(fdsLast)
        .isAtMost(fdsFirst + 16);
    assertWithMessage(
            "WAL size, last third against first third (a WAL that checkpoints keep bounded"
                + " stops growing once the longest reader hold has been seen)\n%s",
            table)
        .that(walLast)
        .isAtMost(2 * walFirst + 16 * MIB);
    LedgerCheck.assertIntegrity(file, "after the long run");
    try (StateDatabase db = open(file)) {
      assertWithMessage("sum of balances after the long run")
          .that(new Ledger(db).totalBalance())
          .isEqualTo(Ledger.TOTAL);
    }
  }

  static StateDatabase open(Path file) {
    return StateDatabase.builder()
        .file(file)
        .tables(Ledger.TABLES)
        .corruptionPolicy(CorruptionPolicy.FAIL)
        .poolSize(6)
        .open();
  }

  /**
   * The loaded process. Arguments: file, seconds, sample interval, reader hold time in seconds (0:
   * no long reader), and optionally the number of short readers (default 3). Prints {@code SAMPLE
   * <second> <heap> <fds> <wal> <db> <operations>} lines and {@code ERROR} lines.
   */
  public static final class Child {
    private Child() {}

    /** Runs the load and the sampler. */
    public static void main(String[] args) throws Exception {
      Path file = Path.of(args[0]);
      long seconds = Long.parseLong(args[1]);
      long sampleEvery = Long.parseLong(args[2]);
      long holdSeconds = Long.parseLong(args[3]);
      int readers = args.length > 4 ? Integer.parseInt(args[4]) : 3;
      AtomicBoolean running = new AtomicBoolean(true);
      LongAdder operations = new LongAdder();
      Path wal = Path.of(file + "-wal");
      try (StateDatabase db = open(file)) {
        Ledger ledger = new Ledger(db);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          Random random = new Random(t);
          String padding = "w".repeat(300);
          threads.add(
              worker(
                  "writer-" + t,
                  running,
                  () -> {
                    int from = random.nextInt(Ledger.ACCOUNTS);
                    int to = (from + 1 + random.nextInt(Ledger.ACCOUNTS - 1)) % Ledger.ACCOUNTS;
                    long amount = 1 + random.nextInt(100);
                    long n = random.nextInt(5000);
                    db.inTransaction(
                        () -> {
                          Account a = ledger.accounts.findById(Ledger.account(from)).orElseThrow();
                          Account b = ledger.accounts.findById(Ledger.account(to)).orElseThrow();
                          ledger.accounts.upsert(new Account(a.id(), a.balance() - amount, n));
                          ledger.accounts.upsert(new Account(b.id(), b.balance() + amount, n));
                          ledger.markers.upsert(new Marker("tx-" + n, n, padding));
                        });
                    ledger.markers.upsert(new Marker("single-" + random.nextInt(5000), n, padding));
                    operations.add(2);
                  }));
        }
        for (int t = 0; t < readers; t++) {
          Random random = new Random(100 + t);
          threads.add(
              worker(
                  "reader-" + t,
                  running,
                  () -> {
                    int r = random.nextInt(10);
                    if (r < 6) {
                      ledger.markers.findById("tx-" + random.nextInt(5000));
                    } else if (r < 9) {
                      long total = ledger.totalBalance();
                      if (total != Ledger.TOTAL) {
                        throw new IllegalStateException("snapshot total " + total);
                      }
                    } else {
                      try (Stream<Marker> all = ledger.markers.streamAll()) {
                        all.limit(200).count();
                      }
                    }
                    operations.increment();
                  }));
        }
        if (holdSeconds > 0) {
          threads.add(longReader(ledger, running, operations, holdSeconds));
        }
        threads.forEach(Thread::start);
        long start = System.nanoTime();
        for (long s = sampleEvery; s <= seconds; s += sampleEvery) {
          sleepNanos(start + Duration.ofSeconds(s).toNanos() - System.nanoTime());
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          ChildOutput.line(
              "SAMPLE "
                  + s
                  + " "
                  + heap
                  + " "
                  + openFds()
                  + " "
                  + size(wal)
                  + " "
                  + size(file)
                  + " "
                  + operations.sum());
        }
        running.set(false);
        for (Thread t : threads) {
          t.join(60_000);
        }
      }
      System.exit(0);
    }

    /** Holds one read snapshot for {@code holdSeconds}, checking it does not move; repeats. */
    private static Thread longReader(
        Ledger ledger, AtomicBoolean running, LongAdder operations, long holdSeconds) {
      String id = Ledger.account(0);
      return worker(
          "long-reader",
          running,
          () -> {
            long until = System.nanoTime() + Duration.ofSeconds(holdSeconds).toNanos();
            ledger.db.readTransaction(
                () -> {
                  long first = ledger.accounts.findById(id).orElseThrow().balance();
                  while (running.get() && System.nanoTime() < until) {
                    long again = ledger.accounts.findById(id).orElseThrow().balance();
                    if (again != first) {
                      throw new IllegalStateException("snapshot moved: " + first + " to " + again);
                    }
                    sleep(200);
                  }
                  return null;
                });
            operations.increment();
            sleep(1000);
          });
    }

    private static Thread worker(String name, AtomicBoolean running, Runnable step) {
      return new Thread(
          () -> {
            while (running.get()) {
              try {
                step.run();
              } catch (RuntimeException | Error e) {
                ChildOutput.line("ERROR " + name + ": " + e);
                sleep(100);
              }
            }
          },
          name);
    }

    private static int openFds() {
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        return (int) fds.count();
      } catch (IOException e) {
        return -1;
      }
    }

    private static long size(Path p) {
      try {
        return Files.exists(p) ? Files.size(p) : 0;
      } catch (IOException e) {
        return -1;
      }
    }

    private static void sleep(long millis) {
      sleepNanos(millis * 1_000_000);
    }

    private static void sleepNanos(long nanos) {
      if (nanos <= 0) {
        return;
      }
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
