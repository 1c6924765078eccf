package dev.flujo.runtime;

/**
 * The logical type of a column: what the Java value is, independent of the database. Each dialect
 * stores it in its own native type; the processor writes it into every {@link ColumnDefinition}.
 */
public enum ColumnType {
  /** {@code String} and enums: SQLite {@code TEXT}, PostgreSQL {@code text}. */
  TEXT("TEXT", "text"),
  /** {@code long}, and {@code Duration} as microseconds: {@code INTEGER}, {@code bigint}. */
  BIGINT("INTEGER", "bigint"),
  /** {@code int}: {@code INTEGER}, {@code integer}. */
  INTEGER("INTEGER", "integer"),
  /** {@code short} and {@code byte}: {@code INTEGER}, {@code smallint}. */
  SMALLINT("INTEGER", "smallint"),
  /** {@code boolean}: {@code INTEGER} 0 or 1, {@code boolean}. */
  BOOLEAN("INTEGER", "boolean"),
  /** {@code double}: {@code REAL}, {@code double precision}. */
  DOUBLE("REAL", "double precision"),
  /** {@code float}: {@code REAL}, {@code real}. */
  REAL("REAL", "real"),
  /** {@code byte[]}: {@code BLOB}, {@code bytea}. */
  BLOB("BLOB", "bytea"),
  /** {@code BigDecimal}: {@code TEXT} (exact, scale kept), {@code numeric}. */
  DECIMAL("TEXT", "numeric"),
  /** {@code UUID}: {@code TEXT}, {@code uuid}. */
  UUID("TEXT", "uuid"),
  /** {@code LocalDate}: ISO {@code TEXT}, {@code date}. */
  DATE("TEXT", "date"),
  /** {@code Instant}: {@code INTEGER} epoch microseconds, {@code timestamptz} (microseconds). */
  TIMESTAMP("INTEGER", "timestamptz");

  private final String sqlite;
  private final String postgres;

  ColumnType(String sqlite, String postgres) {
    this.sqlite = sqlite;
    this.postgres = postgres;
  }

  /** The SQLite {@code STRICT} storage type. */
  public String sqliteType() {
    return sqlite;
  }

  /** The PostgreSQL type, as {@code CREATE TABLE} names it. */
  public String postgresType() {
    return postgres;
  }

  /**
   * The logical type a hand-written definition means by a SQLite storage type: {@code INTEGER} is
   * {@link #BIGINT}, {@code REAL} {@link #DOUBLE}, {@code BLOB} {@link #BLOB}, anything else {@link
   * #TEXT}.
   */
  public static ColumnType ofSqliteType(String sqliteType) {
    switch (sqliteType.toUpperCase(java.util.Locale.ROOT)) {
      case "INTEGER":
      case "INT":
        return BIGINT;
      case "REAL":
        return DOUBLE;
      case "BLOB":
        return BLOB;
      default:
        return TEXT;
    }
  }
}
