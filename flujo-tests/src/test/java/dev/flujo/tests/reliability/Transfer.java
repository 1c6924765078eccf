package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/**
 * The header of one multi-statement transaction: it moves {@code amount} between two accounts and
 * is written together with exactly {@code legs} {@link TransferLeg} rows.
 */
@StateTable(name = "rel_transfer")
public record Transfer(@Id long txn, String fromAccount, String toAccount, long amount, int legs) {}
