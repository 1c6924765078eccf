package dev.flujo.tests.version;

import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;

/** Opens the version suites' tables on a SQLite or PostgreSQL URL. */
final class Databases {
  private Databases() {}

  static StateDatabase open(String url, int poolSize) {
    return open(url, poolSize, null, null);
  }

  static StateDatabase open(String url, int poolSize, String user, String password) {
    StateDatabase.Builder b =
        StateDatabase.builder()
            .url(url)
            .poolSize(poolSize)
            .tables(CounterDao.TABLE, SlotDao.TABLE, TaskDao.TABLE);
    if (url.startsWith("jdbc:postgresql:")) {
      if (user == null) {
        PostgresServer server = PostgresServer.get();
        user = server.user();
        password = server.password();
      }
      if (user != null) {
        b.credentials(user, password);
      }
    }
    return b.open();
  }
}
