package dev.flujo.tests.notify;

import static com.google.common.truth.Truth.assertThat;

import dev.flujo.runtime.ChangeSubscription;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.runtime.TableDefinition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server restarted under a subscriber: the listening connection comes back by
 * itself, announces every table (changes made while it was away cannot have been heard), and
 * hears later commits again. Uses its own server, since it stops it.
 */
class PostgresRestartNotificationTest {
  private static final TableDefinition COUNTERS = Counters.TABLE;

  @TempDir Path data;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private EmbeddedPostgres start(int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data.resolve("pg"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  @Test
  void listenerReconnectsAfterARestartAnnouncesEverythingAndHearsLaterCommits() throws Exception {
    int port = freePort();
    EmbeddedPostgres server = start(port);
    String url = server.getJdbcUrl("postgres", "postgres");
    StateDatabase listener = null;
    StateDatabase writer = null;
    try {
      listener =
          StateDatabase.builder().url(url).tables(COUNTERS).connectionTimeout(Duration.ofSeconds(2)).open();
      writer =
          StateDatabase.builder().url(url).tables(COUNTERS).connectionTimeout(Duration.ofSeconds(2)).open();
      BlockingQueue<Set<String>> heard = new LinkedBlockingQueue<>();
      try (ChangeSubscription s = listener.subscribe(heard::add, COUNTERS)) {
        Thread.sleep(500);
        write(writer, "before", 1);
        assertThat(poll(heard, 10)).contains("counters");

        server.close();
        heard.clear();
        server = start(port);

        // the reconnect itself announces every subscribed table
        assertThat(poll(heard, 20)).contains("counters");
        heard.clear();
        StateDatabase w = writer;
        retry(() -> write(w, "after", 2));
        assertThat(poll(heard, 10)).contains("counters");
        assertThat(s.isClosed()).isFalse();
      }
    } finally {
      if (listener != null) {
        listener.close();
      }
      if (writer != null) {
        writer.close();
      }
      server.close();
    }
  }

  private static void retry(Runnable write) throws InterruptedException {
    RuntimeException last = null;
    for (int i = 0; i < 50; i++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    throw last;
  }

  private static Set<String> poll(BlockingQueue<Set<String>> heard, int seconds)
      throws InterruptedException {
    Set<String> all = new HashSet<>();
    Set<String> next = heard.poll(seconds, TimeUnit.SECONDS);
    if (next != null) {
      all.addAll(next);
    }
    return all;
  }

  private static void write(StateDatabase db, String id, long value) {
    Counters.write(db, id, value);
  }
}
