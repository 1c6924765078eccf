package dev.flujo.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL server for tests: by default one embedded server per JVM (PostgreSQL 17 binaries
 * from Maven Central, started on first use in about ten seconds, stopped when the JVM exits), or
 * an existing server named by the system property {@code flujo.test.postgres.url} (with {@code
 * flujo.test.postgres.user} and {@code flujo.test.postgres.password}), a JDBC URL of a database
 * the user may create databases from. Each caller of {@link #newDatabase()} gets its own fresh
 * database, so tests never see each other's tables.
 *
 * <p>If the server cannot start, {@link #get()} throws: a test that needs PostgreSQL fails, it
 * never skips.
 */
public final class PostgresServer {
  /** The system property naming an existing server's JDBC URL. */
  public static final String URL_PROPERTY = "flujo.test.postgres.url";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final EmbeddedPostgres embedded;
  private final String adminUrl;
  private final String user;
  private final String password;

  private PostgresServer(EmbeddedPostgres embedded, String adminUrl, String user, String password) {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * The server of this JVM, started on first use.
   *
   * @throws IllegalStateException if it cannot be started or reached
   */
  public static synchronized PostgresServer get() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static PostgresServer start() {
    String url = System.getProperty(URL_PROPERTY);
    if (url != null && !url.isBlank()) {
      PostgresServer server =
          new PostgresServer(
              null,
              url,
              System.getProperty("flujo.test.postgres.user"),
              System.getProperty("flujo.test.postgres.password"));
      try (Connection c = server.connect(url)) {
        c.isValid(5);
        return server;
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot reach the PostgreSQL server named by -D" + URL_PROPERTY + "=" + url, e);
      }
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return new PostgresServer(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", null);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the embedded PostgreSQL server did not start; tests that need PostgreSQL cannot run"
              + " (name an existing server with -D"
              + URL_PROPERTY
              + "=jdbc:postgresql://host:port/database)",
          e);
    }
  }

  /** Whether this is the embedded server (not one named by {@link #URL_PROPERTY}). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** The embedded server's port, or -1 for an existing server. */
  public int port() {
    return embedded == null ? -1 : embedded.getPort();
  }

  /** The user to connect as, or null if the URL names it. */
  public String user() {
    return user;
  }

  /** The password, or null. */
  public String password() {
    return password;
  }

  /**
   * Creates a fresh, empty database and returns its JDBC URL (without credentials: pass {@link
   * #user()} and {@link #password()}).
   */
  public String newDatabase() {
    String name =
        "flujo_test_"
            + DATABASES.incrementAndGet()
            + "_"
            + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                .toLowerCase(Locale.ROOT);
    try (Connection c = connect(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return urlOf(name);
  }

  /** Drops a database made by {@link #newDatabase()}, closing its remaining connections. */
  public void dropDatabase(String url) {
    String name = databaseName(url);
    try (Connection c = connect(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  /** A plain JDBC connection to {@code url} with this server's credentials. */
  public Connection connect(String url) throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  private String urlOf(String database) {
    int query = adminUrl.indexOf('?');
    String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
    String params = query < 0 ? "" : adminUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + database + params;
  }

  private static String databaseName(String url) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return base.substring(base.lastIndexOf('/') + 1);
  }
}
