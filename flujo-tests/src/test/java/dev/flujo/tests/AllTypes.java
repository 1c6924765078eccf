package dev.flujo.tests;

import dev.flujo.annotations.Convert;
import dev.flujo.annotations.Id;
import dev.flujo.annotations.Nullable;
import dev.flujo.annotations.StateTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Every type of the mapping, NOT NULL and nullable. */
@StateTable
public record AllTypes(
    @Id String id,
    String text,
    @Nullable String nullableText,
    long longValue,
    @Nullable Long nullableLong,
    int intValue,
    @Nullable Integer nullableInt,
    short shortValue,
    @Nullable Short nullableShort,
    byte byteValue,
    @Nullable Byte nullableByte,
    boolean flag,
    @Nullable Boolean nullableFlag,
    double doubleValue,
    @Nullable Double nullableDouble,
    float floatValue,
    @Nullable Float nullableFloat,
    byte[] bytes,
    @Nullable byte[] nullableBytes,
    Instant instant,
    @Nullable Instant nullableInstant,
    LocalDate date,
    @Nullable LocalDate nullableDate,
    Duration duration,
    @Nullable Duration nullableDuration,
    UUID uuid,
    @Nullable UUID nullableUuid,
    BigDecimal decimal,
    @Nullable BigDecimal nullableDecimal,
    Status status,
    @Nullable Status nullableStatus,
    @Convert(CsvConverter.class) List<String> tags,
    @Nullable @Convert(CsvConverter.class) List<String> nullableTags) {}
