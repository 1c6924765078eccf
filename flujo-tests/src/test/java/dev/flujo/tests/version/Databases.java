package dev.flujo.tests.version;

import dev.flujo.runtime.IsolationLevel;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.PostgresServer;

/** Opens the version suites' tables on a SQLite or PostgreSQL URL. */
final class Databases {
  private Databases() {}

  static StateDatabase open(String url, int poolSize) {
    return open(url, poolSize, null, null);
  }

  static StateDatabase open(String url, int poolSize, IsolationLevel isolation) {
    return open(url, poolSize, null, null, isolation);
  }

  static StateDatabase open(String url, int poolSize, String user, String password) {
    return open(url, poolSize, user, password, IsolationLevel.SERIALIZABLE);
  }

  static StateDatabase open(
      String url, int poolSize, String user, String password, IsolationLevel isolation) {
    StateDatabase.Builder b =
        StateDatabase.builder()
            .url(url)
            .poolSize(poolSize)
            .tables(CounterDao.TABLE, SlotDao.TABLE, TaskDao.TABLE);
    if (url.startsWith("jdbc:postgresql:")) {
      b.isolation(isolation);
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
