package dev.flujo.runtime.spi;

import dev.flujo.runtime.StateDatabase;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link Session#of} reaches a database's session without a public accessor on {@link
 * StateDatabase}: the database class installs the bridge once, when it is initialized.
 */
public final class SessionAccess {
  private static volatile Function<StateDatabase, Session> bridge;

  private SessionAccess() {}

  /**
   * Installs the bridge; called once by {@link StateDatabase}'s class initializer.
   *
   * @throws IllegalStateException if a bridge is already installed
   */
  public static synchronized void install(Function<StateDatabase, Session> access) {
    Objects.requireNonNull(access, "access");
    if (bridge != null) {
      throw new IllegalStateException("the session bridge is installed by StateDatabase only");
    }
    bridge = access;
  }

  static Session session(StateDatabase db) {
    Objects.requireNonNull(db, "db");
    Function<StateDatabase, Session> access = bridge;
    if (access == null) {
      throw new IllegalStateException("StateDatabase was not initialized");
    }
    return access.apply(db);
  }
}
