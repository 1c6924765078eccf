package dev.flujo.runtime.schema;

import dev.flujo.runtime.CorruptDatabaseException;
import dev.flujo.runtime.CorruptionPolicy;
import dev.flujo.runtime.StateException;
import dev.flujo.runtime.error.SqliteErrors;
import dev.flujo.runtime.pool.PooledSqliteConnection;
import dev.flujo.runtime.pool.SqliteConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the first connection of a database and checks the file: it must open as a database, its
 * schema must be readable and, unless switched off, {@code PRAGMA quick_check} must say {@code
 * ok}. A corrupt file is handled by the {@link CorruptionPolicy}. A busy or locked file is not
 * corrupt: that surfaces as a transient failure.
 */
public final class CorruptionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(CorruptionGuard.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String[] COMPANIONS = {"-wal", "-shm", "-journal"};

  private final SqliteConnectionFactory factory;
  private final CorruptionPolicy policy;
  private final boolean quickCheck;
  private final Clock clock;
  private Path backup;

  /** Creates a guard. */
  public CorruptionGuard(
      SqliteConnectionFactory factory, CorruptionPolicy policy, boolean quickCheck, Clock clock) {
    this.factory = factory;
    this.policy = policy;
    this.quickCheck = quickCheck;
    this.clock = clock;
  }

  /** The backup the database was moved to, or null if none was made. */
  public Path backup() {
    return backup;
  }

  /** Opens a checked connection, recovering a corrupt file under the policy. */
  public PooledSqliteConnection open() {
    String problem;
    SQLException cause = null;
    try {
      PooledSqliteConnection connection = factory.open();
      try {
        problem = check(connection);
      } catch (SQLException e) {
        closeQuietly(connection);
        throw e;
      }
      if (problem == null) {
        return connection;
      }
      closeQuietly(connection);
    } catch (SQLException e) {
      if (!SqliteErrors.isCorruption(e)) {
        throw SqliteErrors.translate(e, "opening " + factory.location(), null);
      }
      problem = e.getMessage();
      cause = e;
    }
    Path file = factory.location().file();
    if (policy == CorruptionPolicy.FAIL || file == null) {
      throw new CorruptDatabaseException(
          "database " + factory.location() + " is corrupt: " + problem,
          cause,
          cause == null ? StateException.NO_RESULT_CODE : SqliteErrors.resultCode(cause));
    }
    backup = moveAside(file);
    LOG.error(
        "database {} is corrupt ({}); moved it to {} and created a new, empty database",
        file,
        problem,
        backup);
    try {
      PooledSqliteConnection fresh = factory.open();
      try {
        String again = check(fresh);
        if (again != null) {
          throw new CorruptDatabaseException(
              "recreated database " + file + " fails its check: " + again,
              null,
              StateException.NO_RESULT_CODE);
        }
      } catch (SQLException | RuntimeException e) {
        closeQuietly(fresh);
        throw e;
      }
      return fresh;
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, "recreating " + file, null);
    }
  }

  /** Returns a description of the corruption found, or null if the database is sound. */
  private String check(PooledSqliteConnection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
        rs.next();
      }
      if (!quickCheck) {
        return null;
      }
      List<String> messages = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        while (rs.next()) {
          messages.add(rs.getString(1));
        }
      }
      if (messages.size() == 1 && "ok".equals(messages.get(0))) {
        return null;
      }
      return messages.isEmpty() ? "quick_check returned nothing" : messages.get(0);
    } catch (SQLException e) {
      if (SqliteErrors.isCorruption(e)) {
        return e.getMessage();
      }
      throw e;
    }
  }

  private Path moveAside(Path file) {
    String base = file.getFileName() + ".corrupt." + STAMP.format(clock.instant());
    Path target = file.resolveSibling(base);
    for (int n = 1; exists(target); n++) {
      target = file.resolveSibling(base + "." + n);
    }
    move(file, target);
    for (String suffix : COMPANIONS) {
      Path companion = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(companion)) {
        move(companion, target.resolveSibling(target.getFileName() + suffix));
      }
    }
    return target;
  }

  private static boolean exists(Path target) {
    if (Files.exists(target)) {
      return true;
    }
    for (String suffix : COMPANIONS) {
      if (Files.exists(target.resolveSibling(target.getFileName() + suffix))) {
        return true;
      }
    }
    return false;
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException atomicFailed) {
      try {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        Files.delete(from);
      } catch (IOException e) {
        e.addSuppressed(atomicFailed);
        throw new StateException("could not move corrupt file " + from + " to " + to, e);
      }
    }
  }

  private static void closeQuietly(PooledSqliteConnection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a connection to a file being discarded
    }
  }
}
