package dev.flujo.examples.workers;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many worker processes on one store, on SQLite (one file) and PostgreSQL: every step applied
 * exactly once while workers are killed with SIGKILL, a paused worker's late writes refused, and
 * the in-process rules of claims, leases and attempts. Bounded for CI; {@code
 * -Dflujo.workers.runs=5000} for the long form.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WorkersTest {
  private static final int STEPS = 5;

  @Parameter String dialect;
  @TempDir Path dir;

  private String url;
  private String user;
  private String password;
  private final List<StateDatabase> opened = new ArrayList<>();
  private final List<WorkerProcesses.Child> children = new ArrayList<>();

  @BeforeEach
  void location() {
    if (dialect.equals("postgresql")) {
      PostgresServer server = PostgresServer.get();
      url = server.newDatabase();
      user = server.user();
      password = server.password();
    } else {
      url = "jdbc:sqlite:" + dir.resolve("work.db");
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (WorkerProcesses.Child c : children) {
      c.process.destroyForcibly();
      c.process.waitFor(10, TimeUnit.SECONDS);
    }
    for (StateDatabase db : opened) {
      db.close();
    }
    if (dialect.equals("postgresql")) {
      PostgresServer.get().dropDatabase(url);
    }
  }

  private WorkQueue queue(int maxAttempts) {
    StateDatabase.Builder b =
        StateDatabase.builder()
            .url(url)
            .tables(WorkQueue.TABLES)
            .busyTimeout(Duration.ofSeconds(30))
            .retryPolicy(new dev.flujo.runtime.RetryPolicy(50, 2, 1.5, 200, 1.0));
    if (user != null) {
      b.credentials(user, password);
    }
    StateDatabase db = b.open();
    opened.add(db);
    return new WorkQueue(db, maxAttempts);
  }

  private WorkerProcesses.Child start(String id, long leaseMillis, long stepMillis)
      throws Exception {
    WorkerProcesses.Child child =
        WorkerProcesses.start(url, user, password, id, leaseMillis, stepMillis);
    children.add(child);
    return child;
  }

  private static List<String> runIds(int runs) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ids.add(String.format("run-%05d", i));
    }
    return ids;
  }

  @Test
  void everyStepIsAppliedExactlyOnceWhileWorkersAreKilled() throws Exception {
    int runs = Integer.getInteger("flujo.workers.runs", 60);
    WorkQueue queue = queue(1000);
    queue.submitAll(runIds(runs), STEPS);
    List<WorkerProcesses.Child> live = new ArrayList<>();
    int started = 0;
    for (; started < 4; started++) {
      live.add(start("w" + started, 1500, 2));
    }
    int kills = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    long nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    while (System.nanoTime() < deadline && completed(queue) < runs) {
      Thread.sleep(100);
      if (System.nanoTime() > nextKill && completed(queue) < runs * 9 / 10) {
        WorkerProcesses.Child victim = live.remove(ThreadLocalRandom.current().nextInt(live.size()));
        victim.signal("KILL");
        victim.process.waitFor(10, TimeUnit.SECONDS);
        kills++;
        live.add(start("w" + started++, 1500, 2));
        nextKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      }
      for (int i = 0; i < live.size(); i++) {
        if (!live.get(i).process.isAlive() && completed(queue) < runs) {
          live.set(i, start("w" + started++, 1500, 2));
        }
      }
    }
    assertThat(completed(queue)).isEqualTo(runs);
    assertThat(queue.effects()).isEqualTo((long) runs * STEPS);
    assertThat(kills).isAtLeast(1);
    for (WorkerProcesses.Child c : live) {
      assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    if (dialect.equals("sqlite")) {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
    }
    System.out.printf(
        "[workers %s] %d runs x %d steps, %d workers started, %d killed%n",
        dialect, runs, STEPS, started, kills);
  }

  private static long completed(WorkQueue queue) {
    long n = 0;
    for (StateCount c : queue.counts()) {
      if (c.state() == LeaseState.COMPLETED) {
        n += c.runs();
      }
    }
    return n;
  }

  @Test
  void pausedWorkerIsRefusedAfterAnotherTookItsRunOver() throws Exception {
    WorkQueue queue = queue(5);
    queue.submit("run-paused", STEPS);
    WorkerProcesses.Child paused = start("paused", 1000, 300);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!paused.printed("APPLIED run-paused 0") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(paused.printed("APPLIED run-paused 0")).isTrue();
    paused.signal("STOP");
    long appliedBeforeStop = paused.lines.stream().filter(l -> l.startsWith("APPLIED")).count();
    Thread.sleep(1500);

    Optional<Claim> takeover = queue.claimNext("rescuer", Duration.ofSeconds(30));
    assertThat(takeover).isPresent();
    assertThat(takeover.get().fencingToken()).isEqualTo(2);
    for (int step = takeover.get().nextStep(); step < STEPS; step++) {
      queue.applyStep(takeover.get(), step);
    }
    paused.signal("CONT");
    assertThat(paused.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(paused.printed("REFUSED run-paused")).isTrue();
    long appliedByPaused = paused.lines.stream().filter(l -> l.startsWith("APPLIED")).count();
    assertThat(appliedByPaused).isEqualTo(appliedBeforeStop);
    assertThat(queue.appliedWith("run-paused", 1)).isEqualTo(appliedBeforeStop);
    assertThat(queue.appliedWith("run-paused", 2)).isEqualTo(STEPS - appliedBeforeStop);
    assertThat(queue.effects()).isEqualTo(STEPS);
    assertThat(queue.find("run-paused").orElseThrow().state()).isEqualTo(LeaseState.COMPLETED);
  }

  @Test
  void claimsHeartbeatsAndStaleWritesInOneProcess() {
    WorkQueue queue = queue(2);
    queue.submit("r1", 2);
    Claim first = queue.claimNext("a", Duration.ofMillis(50)).orElseThrow();
    assertThat(queue.claimNext("b", Duration.ofSeconds(10))).isEmpty();
    queue.heartbeat(first);
    queue.applyStep(first, 0);
    sleep(120);
    Claim second = queue.claimNext("b", Duration.ofSeconds(10)).orElseThrow();
    assertThat(second.fencingToken()).isEqualTo(first.fencingToken() + 1);
    assertThat(second.nextStep()).isEqualTo(1);
    LeaseLostException late =
        org.junit.jupiter.api.Assertions.assertThrows(
            LeaseLostException.class, () -> queue.applyStep(first, 1));
    assertThat(late).hasMessageThat().contains("worker a no longer holds run r1");
    org.junit.jupiter.api.Assertions.assertThrows(
        LeaseLostException.class, () -> queue.heartbeat(first));
    queue.applyStep(second, 1);
    assertThat(queue.find("r1").orElseThrow().state()).isEqualTo(LeaseState.COMPLETED);
    assertThat(queue.effects()).isEqualTo(2);
  }

  @Test
  void runThatKeepsFailingEndsFailedWithTheReason() {
    WorkQueue queue = queue(3);
    queue.submit("r2", 1);
    for (int attempt = 1; attempt <= 3; attempt++) {
      Claim c = queue.claimNext("w", Duration.ofSeconds(10)).orElseThrow();
      queue.fail(c, "boom " + attempt);
    }
    RunLease run = queue.find("r2").orElseThrow();
    assertThat(run.state()).isEqualTo(LeaseState.FAILED);
    assertThat(run.lastError()).isEqualTo("boom 3");
    assertThat(queue.claimNext("w", Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void leaseThatKeepsExpiringIsGivenUp() {
    WorkQueue queue = queue(2);
    queue.submit("r3", 3);
    queue.claimNext("a", Duration.ofMillis(20)).orElseThrow();
    sleep(60);
    queue.claimNext("b", Duration.ofMillis(20)).orElseThrow();
    sleep(60);
    assertThat(queue.claimNext("c", Duration.ofMillis(20))).isEmpty();
    RunLease run = queue.find("r3").orElseThrow();
    assertThat(run.state()).isEqualTo(LeaseState.FAILED);
    assertThat(run.lastError()).contains("lease expired");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
