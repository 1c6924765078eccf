package dev.flujo.tests.misuse;

/** An amount in cents, stored through {@link ForgetfulMoneyConverter}. */
public record Money(long cents) {}
