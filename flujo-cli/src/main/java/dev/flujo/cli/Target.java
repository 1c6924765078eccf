package dev.flujo.cli;

import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What a command looks at: a SQLite state file, or a PostgreSQL database named by its JDBC URL.
 * Both are opened read-only.
 */
final class Target {
  private final Path file;
  private final String url;
  private final String user;
  private final String password;

  private Target(Path file, String url, String user, String password) {
    this.file = file;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The user and password options of commands that accept a server URL. */
  static final class Credentials {
    @Option(
        names = "--user",
        paramLabel = "NAME",
        description = "the PostgreSQL user (or user=... in the URL)")
    String user;

    @Option(
        names = "--password",
        paramLabel = "SECRET",
        description = "the PostgreSQL password (or password=... in the URL)")
    String password;
  }

  /** Whether {@code argument} is a PostgreSQL JDBC URL. */
  static boolean isServer(String argument) {
    return argument.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  /**
   * The target {@code argument} names: a PostgreSQL URL, or an existing file (usage error
   * otherwise).
   */
  static Target of(String argument, Credentials credentials) {
    if (isServer(argument)) {
      return new Target(
          null,
          argument,
          credentials == null ? null : credentials.user,
          credentials == null ? null : credentials.password);
    }
    return new Target(ReadOnlyFile.existing(Path.of(argument)), null, null, null);
  }

  /** The file (absolute) of a SQLite target, or null for a server. */
  Path file() {
    return file;
  }

  /** Whether this is a PostgreSQL database. */
  boolean isServer() {
    return url != null;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** How messages name the target: the file, or the URL without its password. */
  String describe() {
    return file != null ? file.toString() : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /**
   * A read-only connection: {@link StateDatabase#openReadOnly(Path)} for a file; for a server, a
   * connection in a {@code READ ONLY} transaction, so any write fails with SQLSTATE {@code 25006}.
   */
  Connection openReadOnly() throws SQLException {
    if (file != null) {
      return StateDatabase.openReadOnly(file);
    }
    Connection c =
        user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    try {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }
}
