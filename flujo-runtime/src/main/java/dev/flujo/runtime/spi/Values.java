package dev.flujo.runtime.spi;

import dev.flujo.runtime.ColumnConverter;
import dev.flujo.runtime.ConstraintViolationException;
import dev.flujo.runtime.DataConversionException;
import dev.flujo.runtime.StateException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;

/**
 * Conversions and checks between Java values and their SQLite forms, used by generated DAOs. Every
 * failure names the table and column.
 */
public final class Values {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final byte[] EMPTY_BYTES = new byte[0];

  private Values() {}

  /**
   * Returns {@code value}, or throws {@link ConstraintViolationException} if it is null: the column
   * is {@code NOT NULL}.
   */
  public static <T> T requireNonNull(T value, String table, String column) {
    if (value == null) {
      throw new ConstraintViolationException(
          "null value for NOT NULL column " + table + "." + column,
          null,
          table,
          column,
          StateException.NO_RESULT_CODE);
    }
    return value;
  }

  /** Rejects NaN, which SQLite would silently store as NULL. Infinities are stored as they are. */
  public static double checkReal(double value, String table, String column) {
    if (Double.isNaN(value)) {
      throw new ConstraintViolationException(
          "NaN cannot be stored in column "
              + table
              + "."
              + column
              + ": SQLite stores NaN as NULL",
          null,
          table,
          column,
          StateException.NO_RESULT_CODE);
    }
    return value;
  }

  /**
   * The current time of {@code clock} in epoch microseconds, for the timestamp {@code columns} of
   * {@code table}.
   *
   * @throws DataConversionException naming the table and columns if the clock reads beyond about
   *     ±292,000 years from 1970
   */
  public static long nowMicros(Clock clock, String table, String columns) {
    Instant now = clock.instant();
    try {
      return Math.addExact(
          Math.multiplyExact(now.getEpochSecond(), MICROS_PER_SECOND), now.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new DataConversionException(
          "the clock reads "
              + now
              + ", outside the epoch-microsecond range of "
              + (table == null ? "timestamp columns" : table + "." + columns)
              + "; check the Clock passed to StateDatabase.builder().clock(...)",
          e,
          table,
          columns);
    }
  }

  /**
   * An instant as epoch microseconds; sub-microsecond precision is truncated toward the past.
   * Instants beyond about ±292,000 years from 1970 are rejected.
   */
  public static long toEpochMicros(Instant value, String table, String column) {
    try {
      return Math.addExact(
          Math.multiplyExact(value.getEpochSecond(), MICROS_PER_SECOND), value.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new DataConversionException(
          "instant " + value + " is outside the epoch-microsecond range of " + table + "." + column,
          e,
          table,
          column);
    }
  }

  /** An instant from epoch microseconds. */
  public static Instant fromEpochMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
  }

  /** A duration as microseconds; sub-microsecond precision is truncated toward negative. */
  public static long toMicros(Duration value, String table, String column) {
    try {
      return Math.addExact(
          Math.multiplyExact(value.getSeconds(), MICROS_PER_SECOND), value.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new DataConversionException(
          "duration " + value + " is outside the microsecond range of " + table + "." + column,
          e,
          table,
          column);
    }
  }

  /** A duration from microseconds. */
  public static Duration durationFromMicros(long micros) {
    return Duration.ofSeconds(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
  }

  /** A {@code BigDecimal} from its stored text, keeping its scale. */
  public static BigDecimal toBigDecimal(String text, String table, String column) {
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw malformed("a decimal", text, table, column, e);
    }
  }

  /** A {@code UUID} from its stored text. */
  public static UUID toUuid(String text, String table, String column) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw malformed("a UUID", text, table, column, e);
    }
  }

  /** A {@code LocalDate} from its stored ISO-8601 text. */
  public static LocalDate toLocalDate(String text, String table, String column) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw malformed("an ISO-8601 date", text, table, column, e);
    }
  }

  /** An enum constant from its stored name, through the enum's {@code valueOf}. */
  public static <E extends Enum<E>> E toEnum(
      Function<String, E> valueOf, String text, String table, String column) {
    if (text == null) {
      return null;
    }
    try {
      return valueOf.apply(text);
    } catch (IllegalArgumentException e) {
      throw malformed("a constant of the column's enum", text, table, column, e);
    }
  }

  /** An {@code int} from a stored integer, rejecting values outside the {@code int} range. */
  public static int toInt(long value, String table, String column) {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw outOfRange("int", value, table, column);
    }
    return (int) value;
  }

  /** A {@code short} from a stored integer, rejecting values outside the {@code short} range. */
  public static short toShort(long value, String table, String column) {
    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
      throw outOfRange("short", value, table, column);
    }
    return (short) value;
  }

  /** A {@code byte} from a stored integer, rejecting values outside the {@code byte} range. */
  public static byte toByte(long value, String table, String column) {
    if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
      throw outOfRange("byte", value, table, column);
    }
    return (byte) value;
  }

  /** A {@code boolean} from a stored 0 or 1. */
  public static boolean toBoolean(long value, String table, String column) {
    if (value == 0) {
      return false;
    }
    if (value == 1) {
      return true;
    }
    throw outOfRange("boolean (0 or 1)", value, table, column);
  }

  /** Converts a component to its stored form through a converter. */
  public static <J, S> S toColumn(
      ColumnConverter<J, S> converter, J value, String table, String column) {
    if (value == null) {
      return null;
    }
    try {
      return converter.toColumn(value);
    } catch (RuntimeException e) {
      throw new DataConversionException(
          converter.getClass().getName()
              + ".toColumn failed for "
              + table
              + "."
              + column
              + ": "
              + e,
          e,
          table,
          column);
    }
  }

  /** Converts a stored value back through a converter. */
  public static <J, S> J fromColumn(
      ColumnConverter<J, S> converter, S value, String table, String column) {
    if (value == null) {
      return null;
    }
    try {
      return converter.fromColumn(value);
    } catch (RuntimeException e) {
      throw new DataConversionException(
          converter.getClass().getName()
              + ".fromColumn failed for "
              + table
              + "."
              + column
              + ": "
              + e,
          e,
          table,
          column);
    }
  }

  /**
   * Converts a stored value of a NOT NULL column back through a converter.
   *
   * @throws DataConversionException naming table, column and converter if the converter fails or
   *     returns null
   */
  public static <J, S> J fromColumnNotNull(
      ColumnConverter<J, S> converter, S value, String table, String column) {
    J converted = fromColumn(converter, value, table, column);
    if (converted == null) {
      throw new DataConversionException(
          converter.getClass().getName()
              + ".fromColumn returned null for NOT NULL column "
              + table
              + "."
              + column
              + (value == null ? "" : " (stored value of type " + value.getClass().getSimpleName() + ")")
              + "; a converter must return a value for every stored value of a NOT NULL column",
          null,
          table,
          column);
    }
    return converted;
  }

  /** Binds a nullable {@code Long}. */
  public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** Binds a nullable {@code Double}. */
  public static void setDouble(PreparedStatement ps, int index, Double value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  /** Binds a nullable {@code Integer}. */
  public static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setInt(index, value);
    }
  }

  /** Binds a nullable {@code Short}. */
  public static void setShort(PreparedStatement ps, int index, Short value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setInt(index, value);
    }
  }

  /** Binds a nullable {@code Byte}. */
  public static void setByte(PreparedStatement ps, int index, Byte value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setInt(index, value);
    }
  }

  /** Binds a nullable {@code Boolean} as 0 or 1. */
  public static void setBoolean(PreparedStatement ps, int index, Boolean value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setInt(index, value ? 1 : 0);
    }
  }

  /** Binds a nullable {@code Double}, refusing NaN as {@link #checkReal} does. */
  public static void setDouble(
      PreparedStatement ps, int index, Double value, String table, String column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, checkReal(value, table, column));
    }
  }

  /** Binds a nullable {@code Float}, refusing NaN as {@link #checkReal} does. */
  public static void setFloat(
      PreparedStatement ps, int index, Float value, String table, String column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, checkReal(value, table, column));
    }
  }

  /** Binds a nullable {@code String}. */
  public static void setString(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /**
   * Binds a nullable {@code byte[]}; a null as {@code VARBINARY}, which PostgreSQL takes as {@code
   * bytea} (its driver would send a {@code BLOB} null as a large-object {@code oid}).
   */
  public static void setBytes(PreparedStatement ps, int index, byte[] value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARBINARY);
    } else {
      ps.setBytes(index, value);
    }
  }

  /** Binds a nullable {@code Instant} as epoch microseconds. */
  public static void setInstant(
      PreparedStatement ps, int index, Instant value, String table, String column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, toEpochMicros(value, table, column));
    }
  }

  /** Binds a nullable {@code Duration} as microseconds. */
  public static void setDuration(
      PreparedStatement ps, int index, Duration value, String table, String column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, toMicros(value, table, column));
    }
  }

  /**
   * Binds a nullable value stored as its {@code toString()} text: {@code LocalDate} (ISO-8601),
   * {@code UUID} (canonical), {@code BigDecimal}.
   */
  public static void setText(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value.toString());
    }
  }

  /** Binds a nullable enum as its constant name. */
  public static void setEnum(PreparedStatement ps, int index, Enum<?> value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value.name());
    }
  }

  /** Reads a nullable integer column. */
  public static Long getLong(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : value;
  }

  /** Reads a nullable real column. */
  public static Double getDouble(ResultSet rs, int index) throws SQLException {
    double value = rs.getDouble(index);
    return value == 0 && rs.wasNull() ? null : value;
  }

  /** Reads a nullable {@code Integer} column, rejecting values outside the {@code int} range. */
  public static Integer intOrNull(ResultSet rs, int index, String table, String column)
      throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : toInt(value, table, column);
  }

  /** Reads a nullable {@code Short} column, rejecting values outside the {@code short} range. */
  public static Short shortOrNull(ResultSet rs, int index, String table, String column)
      throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : toShort(value, table, column);
  }

  /** Reads a nullable {@code Byte} column, rejecting values outside the {@code byte} range. */
  public static Byte byteOrNull(ResultSet rs, int index, String table, String column)
      throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : toByte(value, table, column);
  }

  /** Reads a nullable {@code Boolean} column stored as 0 or 1. */
  public static Boolean booleanOrNull(ResultSet rs, int index, String table, String column)
      throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : toBoolean(value, table, column);
  }

  /** Reads a nullable {@code Float} column. */
  public static Float floatOrNull(ResultSet rs, int index) throws SQLException {
    double value = rs.getDouble(index);
    return value == 0 && rs.wasNull() ? null : (float) value;
  }

  /** Reads a nullable {@code Instant} column stored as epoch microseconds. */
  public static Instant instantOrNull(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : fromEpochMicros(value);
  }

  /** Reads a nullable {@code Duration} column stored as microseconds. */
  public static Duration durationOrNull(ResultSet rs, int index) throws SQLException {
    long value = rs.getLong(index);
    return value == 0 && rs.wasNull() ? null : durationFromMicros(value);
  }

  /** A NOT NULL blob: SQLite returns no bytes for an empty blob, which is an empty array. */
  public static byte[] bytes(byte[] value) {
    return value == null ? EMPTY_BYTES : value;
  }

  private static DataConversionException malformed(
      String expected, String text, String table, String column, Exception cause) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return new DataConversionException(
        table + "." + column + " holds \"" + shown + "\", which is not " + expected, cause, table,
        column);
  }

  private static DataConversionException outOfRange(
      String type, long value, String table, String column) {
    return new DataConversionException(
        table + "." + column + " holds " + value + ", which does not fit a Java " + type,
        null,
        table,
        column);
  }
}
