package dev.flujo.tests.tx;

/** Kinds of account. */
public enum AccountKind {
  CHECKING,
  SAVINGS
}
