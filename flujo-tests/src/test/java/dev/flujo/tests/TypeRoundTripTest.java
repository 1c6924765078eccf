package dev.flujo.tests;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.Dialect;
import dev.flujo.runtime.StateDatabase;
import dev.flujo.test.FlujoDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every supported type survives a write and a read exactly, including its edge values. */
@ParameterizedClass
@EnumSource(Dialect.class)
class TypeRoundTripTest {
  @RegisterExtension final FlujoDatabase database;

  private final Dialect dialect;
  private AllTypesDao dao;

  TypeRoundTripTest(Dialect dialect) {
    this.dialect = dialect;
    database = FlujoDatabase.withTables(AllTypesDao.TABLE).dialect(dialect);
  }

  @BeforeEach
  void open(StateDatabase db) {
    dao = new AllTypesDao(db);
  }

  private static AllTypes typical(String id) {
    return new AllTypes(
        id,
        "text", "nullable text",
        7L, 8L,
        1, 2,
        (short) 3, (short) 4,
        (byte) 5, (byte) 6,
        true, false,
        1.25, 2.5,
        3.5f, 4.75f,
        new byte[] {1, 2, 3}, new byte[] {4},
        Instant.parse("2026-11-27T10:15:30.123456Z"), Instant.parse("1999-01-01T00:00:00Z"),
        LocalDate.of(2026, 11, 27), LocalDate.of(1970, 1, 1),
        Duration.ofMillis(1500), Duration.ofDays(-2),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UUID.randomUUID(),
        new BigDecimal("12345678901234567890.123456789"), new BigDecimal("-0.5"),
        Status.FAILED, Status.PAUSED,
        List.of("a", "b"), List.of());
  }

  private static AllTypes withNulls(String id) {
    AllTypes t = typical(id);
    return new AllTypes(
        id, t.text(), null, t.longValue(), null, t.intValue(), null, t.shortValue(), null,
        t.byteValue(), null, t.flag(), null, t.doubleValue(), null, t.floatValue(), null,
        t.bytes(), null, t.instant(), null, t.date(), null, t.duration(), null, t.uuid(), null,
        t.decimal(), null, t.status(), null, t.tags(), null);
  }

  private AllTypes roundTrip(AllTypes value) {
    dao.upsert(value);
    return dao.findById(value.id()).orElseThrow();
  }

  private static void assertSame(AllTypes actual, AllTypes expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.text()).isEqualTo(expected.text());
    assertThat(actual.nullableText()).isEqualTo(expected.nullableText());
    assertThat(actual.longValue()).isEqualTo(expected.longValue());
    assertThat(actual.nullableLong()).isEqualTo(expected.nullableLong());
    assertThat(actual.intValue()).isEqualTo(expected.intValue());
    assertThat(actual.nullableInt()).isEqualTo(expected.nullableInt());
    assertThat(actual.shortValue()).isEqualTo(expected.shortValue());
    assertThat(actual.nullableShort()).isEqualTo(expected.nullableShort());
    assertThat(actual.byteValue()).isEqualTo(expected.byteValue());
    assertThat(actual.nullableByte()).isEqualTo(expected.nullableByte());
    assertThat(actual.flag()).isEqualTo(expected.flag());
    assertThat(actual.nullableFlag()).isEqualTo(expected.nullableFlag());
    assertThat(actual.doubleValue()).isEqualTo(expected.doubleValue());
    assertThat(actual.nullableDouble()).isEqualTo(expected.nullableDouble());
    assertThat(actual.floatValue()).isEqualTo(expected.floatValue());
    assertThat(actual.nullableFloat()).isEqualTo(expected.nullableFloat());
    assertThat(actual.bytes()).isEqualTo(expected.bytes());
    assertThat(actual.nullableBytes()).isEqualTo(expected.nullableBytes());
    assertThat(actual.instant()).isEqualTo(expected.instant());
    assertThat(actual.nullableInstant()).isEqualTo(expected.nullableInstant());
    assertThat(actual.date()).isEqualTo(expected.date());
    assertThat(actual.nullableDate()).isEqualTo(expected.nullableDate());
    assertThat(actual.duration()).isEqualTo(expected.duration());
    assertThat(actual.nullableDuration()).isEqualTo(expected.nullableDuration());
    assertThat(actual.uuid()).isEqualTo(expected.uuid());
    assertThat(actual.nullableUuid()).isEqualTo(expected.nullableUuid());
    assertThat(actual.decimal()).isEqualTo(expected.decimal());
    assertThat(actual.nullableDecimal()).isEqualTo(expected.nullableDecimal());
    assertThat(actual.status()).isEqualTo(expected.status());
    assertThat(actual.nullableStatus()).isEqualTo(expected.nullableStatus());
    assertThat(actual.tags()).isEqualTo(expected.tags());
    assertThat(actual.nullableTags()).isEqualTo(expected.nullableTags());
  }

  @Test
  void everyTypeRoundTripsExactly() {
    AllTypes value = typical("typical");
    assertSame(roundTrip(value), value);
  }

  @Test
  void nullsRoundTripAsNulls() {
    AllTypes value = withNulls("nulls");
    assertSame(roundTrip(value), value);
  }

  @Test
  void integerExtremesRoundTrip() {
    AllTypes t = typical("max");
    AllTypes max =
        new AllTypes(
            "max", t.text(), t.nullableText(), Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Short.MAX_VALUE, Short.MIN_VALUE, Byte.MAX_VALUE, Byte.MIN_VALUE,
            t.flag(), t.nullableFlag(), Double.MAX_VALUE, -Double.MIN_VALUE, Float.MAX_VALUE,
            Float.MIN_VALUE, t.bytes(), t.nullableBytes(), t.instant(), t.nullableInstant(),
            t.date(), t.nullableDate(), Duration.ofSeconds(Long.MAX_VALUE / 1_000_000),
            Duration.ofSeconds(Long.MIN_VALUE / 1_000_000), t.uuid(), t.nullableUuid(),
            t.decimal(), t.nullableDecimal(), t.status(), t.nullableStatus(), t.tags(),
            t.nullableTags());
    assertSame(roundTrip(max), max);
  }

  @Test
  void stringsKeepEmptyNonBmpAndNulCharacters() {
    String tricky = "a\u0000b 🎉 𝄞 ünïcödé \n\t'\"\\";
    String stored = tricky;
    if (dialect == Dialect.POSTGRESQL) {
      // PostgreSQL's text cannot hold U+0000: the server refuses it and nothing is written
      DataConversionException e =
          assertThrows(DataConversionException.class, () -> dao.upsert(strings(tricky)));
      assertThat(e.sqlState()).isEqualTo("22021");
      assertThat(dao.count()).isEqualTo(0);
      stored = tricky.replace("\u0000", "");
    }
    AllTypes read = roundTrip(strings(stored));
    assertThat(read.text()).isEmpty();
    assertThat(read.nullableText()).isEqualTo(stored);
    assertThat(read.bytes()).isEmpty();
    assertThat(read.nullableBytes()).isEmpty();
  }

  private static AllTypes strings(String tricky) {
    AllTypes t = typical("strings");
    return
        new AllTypes(
            "strings", "", tricky, t.longValue(), t.nullableLong(), t.intValue(),
            t.nullableInt(), t.shortValue(), t.nullableShort(), t.byteValue(), t.nullableByte(),
            t.flag(), t.nullableFlag(), t.doubleValue(), t.nullableDouble(), t.floatValue(),
            t.nullableFloat(), new byte[0], new byte[0], t.instant(), t.nullableInstant(),
            t.date(), t.nullableDate(), t.duration(), t.nullableDuration(), t.uuid(),
            t.nullableUuid(), t.decimal(), t.nullableDecimal(), t.status(), t.nullableStatus(),
            List.of(""), List.of("x"));
  }

  @Test
  void tenThousandCharacterKeyRoundTrips() {
    char[] chars = new char[10_000];
    Arrays.fill(chars, 'k');
    String key = new String(chars);
    AllTypes value = typical(key);
    assertSame(roundTrip(value), value);
    assertThat(dao.existsById(key)).isTrue();
    assertThat(dao.deleteById(key)).isTrue();
  }

  @Test
  void tenMebibyteBlobRoundTrips() {
    byte[] big = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(big);
    AllTypes t = typical("blob");
    AllTypes value =
        new AllTypes(
            "blob", t.text(), t.nullableText(), t.longValue(), t.nullableLong(), t.intValue(),
            t.nullableInt(), t.shortValue(), t.nullableShort(), t.byteValue(), t.nullableByte(),
            t.flag(), t.nullableFlag(), t.doubleValue(), t.nullableDouble(), t.floatValue(),
            t.nullableFloat(), big, big, t.instant(), t.nullableInstant(), t.date(),
            t.nullableDate(), t.duration(), t.nullableDuration(), t.uuid(), t.nullableUuid(),
            t.decimal(), t.nullableDecimal(), t.status(), t.nullableStatus(), t.tags(),
            t.nullableTags());
    AllTypes read = roundTrip(value);
    assertThat(read.bytes()).isEqualTo(big);
    assertThat(read.nullableBytes()).isEqualTo(big);
  }

  @Test
  void bigDecimalKeepsItsScale() {
    AllTypes t = typical("scale");
    AllTypes value = withDecimal(t, new BigDecimal("1.10"), new BigDecimal("1E+3"));
    AllTypes read = roundTrip(value);
    assertThat(read.decimal().toString()).isEqualTo("1.10");
    assertThat(read.decimal().scale()).isEqualTo(2);
    if (dialect == Dialect.POSTGRESQL) {
      // numeric has no negative scale: 1E+3 comes back as 1000, the same number
      assertThat(read.nullableDecimal().toString()).isEqualTo("1000");
      assertThat(read.nullableDecimal().scale()).isEqualTo(0);
    } else {
      assertThat(read.nullableDecimal().scale()).isEqualTo(-3);
    }
  }

  @Test
  void instantsAreTruncatedToMicrosecondsTowardThePast() {
    AllTypes t = typical("instant");
    Instant nanos = Instant.parse("2026-11-27T10:15:30.123456789Z");
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
    AllTypes read = roundTrip(withInstants(t, nanos, beforeEpoch));
    assertThat(read.instant()).isEqualTo(Instant.parse("2026-11-27T10:15:30.123456Z"));
    assertThat(read.nullableInstant()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
  }

  @Test
  void instantOutsideTheMicrosecondRangeIsRejected() {
    DataConversionException e =
        assertThrows(
            DataConversionException.class,
            () -> dao.upsert(withInstants(typical("far"), Instant.MAX, null)));
    assertThat(e.column()).isEqualTo("instant");
    assertThat(dao.count()).isEqualTo(0);
  }

  @Test
  void infinitiesRoundTrip() {
    AllTypes t = typical("inf");
    AllTypes value = withDoubles(t, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    AllTypes read = roundTrip(value);
    assertThat(read.doubleValue()).isPositiveInfinity();
    assertThat(read.nullableDouble()).isNegativeInfinity();
  }

  @Test
  void nanIsRejectedBecauseSqliteWouldStoreNull() {
    ConstraintViolationException notNull =
        assertThrows(
            ConstraintViolationException.class,
            () -> dao.upsert(withDoubles(typical("nan"), Double.NaN, 1.0)));
    assertThat(notNull.column()).isEqualTo("double_value");
    ConstraintViolationException nullable =
        assertThrows(
            ConstraintViolationException.class,
            () -> dao.upsert(withDoubles(typical("nan"), 1.0, Double.NaN)));
    assertThat(nullable.column()).isEqualTo("nullable_double");
    assertThat(dao.count()).isEqualTo(0);
  }

  private static AllTypes withDecimal(AllTypes t, BigDecimal a, BigDecimal b) {
    return new AllTypes(
        t.id(), t.text(), t.nullableText(), t.longValue(), t.nullableLong(), t.intValue(),
        t.nullableInt(), t.shortValue(), t.nullableShort(), t.byteValue(), t.nullableByte(),
        t.flag(), t.nullableFlag(), t.doubleValue(), t.nullableDouble(), t.floatValue(),
        t.nullableFloat(), t.bytes(), t.nullableBytes(), t.instant(), t.nullableInstant(),
        t.date(), t.nullableDate(), t.duration(), t.nullableDuration(), t.uuid(), t.nullableUuid(),
        a, b, t.status(), t.nullableStatus(), t.tags(), t.nullableTags());
  }

  private static AllTypes withInstants(AllTypes t, Instant a, Instant b) {
    return new AllTypes(
        t.id(), t.text(), t.nullableText(), t.longValue(), t.nullableLong(), t.intValue(),
        t.nullableInt(), t.shortValue(), t.nullableShort(), t.byteValue(), t.nullableByte(),
        t.flag(), t.nullableFlag(), t.doubleValue(), t.nullableDouble(), t.floatValue(),
        t.nullableFloat(), t.bytes(), t.nullableBytes(), a, b, t.date(), t.nullableDate(),
        t.duration(), t.nullableDuration(), t.uuid(), t.nullableUuid(), t.decimal(),
        t.nullableDecimal(), t.status(), t.nullableStatus(), t.tags(), t.nullableTags());
  }

  private static AllTypes withDoubles(AllTypes t, double a, Double b) {
    return new AllTypes(
        t.id(), t.text(), t.nullableText(), t.longValue(), t.nullableLong(), t.intValue(),
        t.nullableInt(), t.shortValue(), t.nullableShort(), t.byteValue(), t.nullableByte(),
        t.flag(), t.nullableFlag(), a, b, t.floatValue(), t.nullableFloat(), t.bytes(),
        t.nullableBytes(), t.instant(), t.nullableInstant(), t.date(), t.nullableDate(),
        t.duration(), t.nullableDuration(), t.uuid(), t.nullableUuid(), t.decimal(),
        t.nullableDecimal(), t.status(), t.nullableStatus(), t.tags(), t.nullableTags());
  }
}
