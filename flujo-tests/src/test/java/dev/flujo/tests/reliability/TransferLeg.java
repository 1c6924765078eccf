package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.Index;
import dev.flujo.annotations.StateTable;

/**
 * One row of a {@link Transfer}: leg 0 debits the source, leg 1 credits the target, later legs
 * carry padding (delta 0) so that a transaction spans several pages.
 */
@StateTable(name = "rel_transfer_leg")
@Index(columns = "account")
public record TransferLeg(@Id long txn, @Id int leg, String account, long delta, String padding) {}
