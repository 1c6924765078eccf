package dev.flujo.tests.misuse;

import dev.flujo.tests.MutableClock;
import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.StateDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clocks out of range, converters returning null, clocks stepped back and explicit timestamps
 * (issue 18, points 5, 6 and 8).
 */
class MisuseValuesTest {
  private static final Instant START = Instant.parse("2026-06-01T12:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);

  private StateDatabase open() {
    return StateDatabase.builder()
        .file(dir.resolve("values.db"))
        .tables(StampedDao.TABLE, PlainDao.TABLE, PricedDao.TABLE)
        .clock(clock)
        .open();
  }

  @Test
  void aClockOutOfTheMicrosecondRangeFailsAsDataConversionNamingTheColumns() {
    try (StateDatabase db = open()) {
      StampedDao stamped = new StampedDao(db);
      for (Instant reading : List.of(Instant.MAX, Instant.MIN)) {
        clock.set(reading);
        DataConversionException e =
            assertThrows(
                DataConversionException.class,
                () -> stamped.upsert(new Stamped("a", "n", null, null)));
        assertThat(e.table()).isEqualTo("stamped");
        assertThat(e.column()).contains("created_at");
        assertThat(e).hasMessageThat().contains("updated_at");
        assertThrows(
            DataConversionException.class,
            () -> stamped.upsertAll(List.of(new Stamped("b", "n", null, null))));
      }
      // a table without timestamp columns reads no clock
      new PlainDao(db).upsert(new Plain("p", "fine"));
      assertThat(new PlainDao(db).count()).isEqualTo(1);
      assertThat(stamped.count()).isEqualTo(0);
    }
  }

  @Test
  void aConverterReturningNullForANotNullColumnFailsNamingTableColumnAndConverter() {
    try (StateDatabase db = open()) {
      PricedDao priced = new PricedDao(db);
      priced.upsert(new Priced("free", new Money(0), new Money(0)));
      priced.upsert(new Priced("paid", new Money(500), new Money(0)));

      assertThat(priced.findById("paid").orElseThrow().discount()).isNull();
      DataConversionException e =
          assertThrows(DataConversionException.class, () -> priced.findById("free"));
      assertThat(e.table()).isEqualTo("priced");
      assertThat(e.column()).isEqualTo("price");
      assertThat(e).hasMessageThat().contains(ForgetfulMoneyConverter.class.getName());
      assertThat(e).hasMessageThat().contains("NOT NULL");
      assertThrows(DataConversionException.class, priced::findAll);
    }
  }

  @Test
  void aClockSteppedBackLeavesUpdatedAtBeforeCreatedAtAsDocumented() {
    try (StateDatabase db = open()) {
      StampedDao stamped = new StampedDao(db);
      stamped.upsert(new Stamped("a", "first", null, null));
      clock.set(START.minusSeconds(3600));
      stamped.upsert(new Stamped("a", "second", null, null));

      Stamped row = stamped.findById("a").orElseThrow();
      assertThat(row.createdAt()).isEqualTo(START);
      assertThat(row.updatedAt()).isEqualTo(START.minusSeconds(3600));
    }
  }

  @Test
  void explicitTimestampsInTheEntityAreReplacedByTheClockAsDocumented() {
    try (StateDatabase db = open()) {
      StampedDao stamped = new StampedDao(db);
      Instant given = Instant.parse("2001-01-01T00:00:00Z");
      stamped.upsert(new Stamped("a", "n", given, given));

      Stamped row = stamped.findById("a").orElseThrow();
      assertThat(row.createdAt()).isEqualTo(START);
      assertThat(row.updatedAt()).isEqualTo(START);
    }
  }
}
