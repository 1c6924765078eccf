package dev.flujo.tests.misuse;

import dev.flujo.annotations.Convert;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;

/** A NOT NULL and a nullable column through a converter that may return null. */
@StateTable
public record Priced(
    @Id String id,
    @Convert(ForgetfulMoneyConverter.class) Money price,
    @Nullable @Convert(ForgetfulMoneyConverter.class) Money discount) {}
