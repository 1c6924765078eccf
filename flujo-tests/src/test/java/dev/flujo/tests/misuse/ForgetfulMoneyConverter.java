package dev.flujo.tests.misuse;

import dev.flujo.runtime.ColumnConverter;

/** Stores money as cents, and (wrongly) reads a stored 0 back as null. */
public final class ForgetfulMoneyConverter implements ColumnConverter<Money, Long> {
  @Override
  public Long toColumn(Money value) {
    return value.cents();
  }

  @Override
  public Money fromColumn(Long value) {
    return value == 0 ? null : new Money(value);
  }
}
