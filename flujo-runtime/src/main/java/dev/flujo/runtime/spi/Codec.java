package dev.flujo.runtime.spi;

import dev.flujo.runtime.ColumnType;
import dev.flujo.runtime.Dialect;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * Binds and reads the values whose stored form differs between dialects: booleans, instants,
 * UUIDs, decimals and dates. Generated code takes one from {@link Session#codec()} and calls it
 * for those types only; every other type binds the same way on every dialect. Nullable setters
 * bind SQL NULL (typed for the dialect) for null. Conversion errors name the table and column.
 */
public abstract sealed class Codec permits Codec.Sqlite, Codec.Postgres {
  /** SQLite: 0/1 integers, epoch-microsecond integers and ISO text. */
  public static final Codec SQLITE = new Sqlite();

  /** PostgreSQL: {@code boolean}, {@code timestamptz}, {@code uuid}, {@code numeric}, {@code date}. */
  public static final Codec POSTGRESQL = new Postgres();

  private Codec() {}

  /** The codec of {@code dialect}. */
  public static Codec of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? POSTGRESQL : SQLITE;
  }

  /** The dialect this codec binds for. */
  public abstract Dialect dialect();

  /** Binds a boolean. */
  public abstract void setBoolean(PreparedStatement ps, int index, boolean value)
      throws SQLException;

  /** Binds a boolean or NULL. */
  public final void setBoolean(PreparedStatement ps, int index, Boolean value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, nullType(ColumnType.BOOLEAN));
    } else {
      setBoolean(ps, index, value.booleanValue());
    }
  }

  /** Reads a boolean; NULL reads as false. */
  public abstract boolean getBoolean(ResultSet rs, int index, String table, String column)
      throws SQLException;

  /** Reads a boolean or null. */
  public final Boolean getBooleanOrNull(ResultSet rs, int index, String table, String column)
      throws SQLException {
    boolean value = getBoolean(rs, index, table, column);
    return rs.wasNull() ? null : value;
  }

  /** Binds an instant given as epoch microseconds (a timestamp column's {@code now}). */
  public abstract void setTimestamp(PreparedStatement ps, int index, long epochMicros)
      throws SQLException;

  /**
   * Binds an instant, truncated to microseconds, or NULL.
   *
   * @throws dev.flujo.runtime.DataConversionException if it is outside the epoch-microsecond range
   */
  public final void setInstant(
      PreparedStatement ps, int index, Instant value, String table, String column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, nullType(ColumnType.TIMESTAMP));
    } else {
      setTimestamp(ps, index, Values.toEpochMicros(value, table, column));
    }
  }

  /** Reads an instant as epoch microseconds; NULL reads as 0. */
  public abstract long getTimestamp(ResultSet rs, int index) throws SQLException;

  /** Reads an instant that is never NULL. */
  public final Instant getInstant(ResultSet rs, int index) throws SQLException {
    return Values.fromEpochMicros(getTimestamp(rs, index));
  }

  /** Reads an instant or null. */
  public final Instant getInstantOrNull(ResultSet rs, int index) throws SQLException {
    long micros = getTimestamp(rs, index);
    return rs.wasNull() ? null : Values.fromEpochMicros(micros);
  }

  /** Binds a UUID or NULL. */
  public abstract void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException;

  /** Reads a UUID or null. */
  public abstract UUID getUuid(ResultSet rs, int index, String table, String column)
      throws SQLException;

  /** Binds a decimal, keeping its scale, or NULL. */
  public abstract void setDecimal(PreparedStatement ps, int index, BigDecimal value)
      throws SQLException;

  /** Reads a decimal, with the scale it was stored with, or null. */
  public abstract BigDecimal getDecimal(ResultSet rs, int index, String table, String column)
      throws SQLException;

  /** Binds a date or NULL. */
  public abstract void setDate(PreparedStatement ps, int index, LocalDate value)
      throws SQLException;

  /** Reads a date or null. */
  public abstract LocalDate getDate(ResultSet rs, int index, String table, String column)
      throws SQLException;

  /** Binds NULL to a parameter of logical type {@code type}. */
  public final void setNull(PreparedStatement ps, int index, ColumnType type) throws SQLException {
    ps.setNull(index, nullType(type));
  }

  /**
   * Binds a whole list to one parameter as an array of {@code elementType}, for {@code = ANY(?)}
   * on PostgreSQL; SQLite has no arrays and expands lists into marks instead.
   *
   * @throws UnsupportedOperationException on SQLite
   */
  public abstract void setArray(
      PreparedStatement ps, int index, ColumnType elementType, Collection<?> values)
      throws SQLException;

  /** The {@link Types} code NULL is bound with for {@code type}. */
  abstract int nullType(ColumnType type);

  static final class Sqlite extends Codec {
    @Override
    public Dialect dialect() {
      return Dialect.SQLITE;
    }

    @Override
    public void setBoolean(PreparedStatement ps, int index, boolean value) throws SQLException {
      ps.setInt(index, value ? 1 : 0);
    }

    @Override
    public boolean getBoolean(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return Values.toBoolean(rs.getLong(index), table, column);
    }

    @Override
    public void setTimestamp(PreparedStatement ps, int index, long epochMicros)
        throws SQLException {
      ps.setLong(index, epochMicros);
    }

    @Override
    public long getTimestamp(ResultSet rs, int index) throws SQLException {
      return rs.getLong(index);
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
      text(ps, index, value);
    }

    @Override
    public UUID getUuid(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return Values.toUuid(rs.getString(index), table, column);
    }

    @Override
    public void setDecimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
      text(ps, index, value);
    }

    @Override
    public BigDecimal getDecimal(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return Values.toBigDecimal(rs.getString(index), table, column);
    }

    @Override
    public void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
      text(ps, index, value);
    }

    @Override
    public LocalDate getDate(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return Values.toLocalDate(rs.getString(index), table, column);
    }

    @Override
    public void setArray(
        PreparedStatement ps, int index, ColumnType elementType, Collection<?> values) {
      throw new UnsupportedOperationException("SQLite binds lists as one mark per element");
    }

    @Override
    int nullType(ColumnType type) {
      switch (type) {
        case TEXT:
        case DECIMAL:
        case UUID:
        case DATE:
          return Types.VARCHAR;
        case DOUBLE:
        case REAL:
          return Types.DOUBLE;
        case BLOB:
          return Types.BLOB;
        default:
          return Types.BIGINT;
      }
    }

    private static void text(PreparedStatement ps, int index, Object value) throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.VARCHAR);
      } else {
        ps.setString(index, value.toString());
      }
    }
  }

  static final class Postgres extends Codec {
    @Override
    public Dialect dialect() {
      return Dialect.POSTGRESQL;
    }

    @Override
    public void setBoolean(PreparedStatement ps, int index, boolean value) throws SQLException {
      ps.setBoolean(index, value);
    }

    @Override
    public boolean getBoolean(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return rs.getBoolean(index);
    }

    @Override
    public void setTimestamp(PreparedStatement ps, int index, long epochMicros)
        throws SQLException {
      Instant instant = Values.fromEpochMicros(epochMicros);
      ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public long getTimestamp(ResultSet rs, int index) throws SQLException {
      OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
      if (value == null) {
        return 0;
      }
      Instant instant = value.toInstant();
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    @Override
    public void setUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.OTHER);
      } else {
        ps.setObject(index, value);
      }
    }

    @Override
    public UUID getUuid(ResultSet rs, int index, String table, String column)
        throws SQLException {
      Object value = rs.getObject(index);
      if (value == null || value instanceof UUID) {
        return (UUID) value;
      }
      return Values.toUuid(value.toString(), table, column);
    }

    @Override
    public void setDecimal(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.NUMERIC);
      } else {
        ps.setBigDecimal(index, value);
      }
    }

    @Override
    public BigDecimal getDecimal(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return rs.getBigDecimal(index);
    }

    @Override
    public void setDate(PreparedStatement ps, int index, LocalDate value) throws SQLException {
      if (value == null) {
        ps.setNull(index, Types.DATE);
      } else {
        ps.setObject(index, value);
      }
    }

    @Override
    public LocalDate getDate(ResultSet rs, int index, String table, String column)
        throws SQLException {
      return rs.getObject(index, LocalDate.class);
    }

    @Override
    public void setArray(
        PreparedStatement ps, int index, ColumnType elementType, Collection<?> values)
        throws SQLException {
      Object[] elements = new Object[values.size()];
      int i = 0;
      for (Object v : values) {
        elements[i++] = element(elementType, v);
      }
      ps.setArray(index, ps.getConnection().createArrayOf(arrayType(elementType), elements));
    }

    private static Object element(ColumnType type, Object v) {
      if (v == null) {
        return null;
      }
      if (type == ColumnType.TIMESTAMP && v instanceof Long micros) {
        return OffsetDateTime.ofInstant(Values.fromEpochMicros(micros), ZoneOffset.UTC);
      }
      if (v instanceof Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
      }
      if (v instanceof Enum<?> e) {
        return e.name();
      }
      return v;
    }

    private static String arrayType(ColumnType type) {
      switch (type) {
        case DOUBLE:
          return "float8";
        case REAL:
          return "float4";
        case BIGINT:
          return "int8";
        case INTEGER:
          return "int4";
        case SMALLINT:
          return "int2";
        case BOOLEAN:
          return "bool";
        case TIMESTAMP:
          return "timestamptz";
        default:
          return type.postgresType();
      }
    }

    @Override
    int nullType(ColumnType type) {
      switch (type) {
        case TEXT:
          return Types.VARCHAR;
        case BOOLEAN:
          return Types.BOOLEAN;
        case TIMESTAMP:
          return Types.TIMESTAMP_WITH_TIMEZONE;
        case DECIMAL:
          return Types.NUMERIC;
        case DATE:
          return Types.DATE;
        case UUID:
          return Types.OTHER;
        case BLOB:
          return Types.BINARY;
        case DOUBLE:
          return Types.DOUBLE;
        case REAL:
          return Types.REAL;
        case INTEGER:
          return Types.INTEGER;
        case SMALLINT:
          return Types.SMALLINT;
        default:
          return Types.BIGINT;
      }
    }
  }
}
