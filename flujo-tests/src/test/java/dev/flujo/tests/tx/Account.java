package dev.flujo.tests.tx;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.StateTable;
import dev.flujo.annotations.UpdatedAt;
import java.time.Instant;

/** An account: a unique e-mail index and an enum column (a CHECK) for constraint tests. */
@StateTable
@Index(columns = "email", unique = true)
public record Account(
    @Id String id, String email, long balance, AccountKind kind, @UpdatedAt Instant updatedAt) {

  /** A checking account with this balance. */
  public static Account of(String id, long balance) {
    return new Account(id, id + "@example.com", balance, AccountKind.CHECKING, null);
  }
}
