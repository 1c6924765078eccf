package dev.flujo.tests.reliability;

import dev.flujo.annotations.Id;
import dev.flujo.annotations.StateTable;

/**
 * A balance moved by {@link Transfer}s. The sum over all accounts never changes, so any reader that
 * sees a different sum has seen half a transaction.
 */
@StateTable(name = "rel_account")
public record Account(@Id String id, long balance, long lastTxn) {}
