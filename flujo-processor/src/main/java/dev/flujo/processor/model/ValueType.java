package dev.flujo.processor.model;

/**
 * The Java types Flujo maps directly, each with the SQLite type it is stored as and its logical
 * column type (the name of a {@code dev.flujo.runtime.ColumnType} constant), from which each
 * dialect's native type follows.
 */
public enum ValueType {
  STRING("String", SqlType.TEXT, "TEXT"),
  LONG("long / Long", SqlType.INTEGER, "BIGINT"),
  INT("int / Integer", SqlType.INTEGER, "INTEGER"),
  SHORT("short / Short", SqlType.INTEGER, "SMALLINT"),
  BYTE("byte / Byte", SqlType.INTEGER, "SMALLINT"),
  BOOLEAN("boolean / Boolean", SqlType.INTEGER, "BOOLEAN"),
  DOUBLE("double / Double", SqlType.REAL, "DOUBLE"),
  FLOAT("float / Float", SqlType.REAL, "REAL"),
  BYTES("byte[]", SqlType.BLOB, "BLOB"),
  INSTANT("Instant", SqlType.INTEGER, "TIMESTAMP"),
  LOCAL_DATE("LocalDate", SqlType.TEXT, "DATE"),
  DURATION("Duration", SqlType.INTEGER, "BIGINT"),
  UUID("UUID", SqlType.TEXT, "UUID"),
  BIG_DECIMAL("BigDecimal", SqlType.TEXT, "DECIMAL"),
  ENUM("enums", SqlType.TEXT, "TEXT");

  private final String javaDescription;
  private final SqlType sqlType;
  private final String columnType;

  ValueType(String javaDescription, SqlType sqlType, String columnType) {
    this.javaDescription = javaDescription;
    this.sqlType = sqlType;
    this.columnType = columnType;
  }

  /** How the Java side is named in messages. */
  public String javaDescription() {
    return javaDescription;
  }

  /** The column's SQLite type. */
  public SqlType sqlType() {
    return sqlType;
  }

  /**
   * The logical column type: the name of the {@code ColumnType} constant ({@code Duration} is
   * {@code BIGINT} microseconds, enums {@code TEXT}).
   */
  public String columnType() {
    return columnType;
  }

  /**
   * Whether values of this type are bound and read through the runtime's per-dialect {@code
   * Codec}, because each dialect stores them differently.
   */
  public boolean viaCodec() {
    switch (this) {
      case BOOLEAN:
      case INSTANT:
      case UUID:
      case BIG_DECIMAL:
      case LOCAL_DATE:
        return true;
      default:
        return false;
    }
  }

  /** The supported types as a list for messages. */
  public static String supportedList() {
    StringBuilder b = new StringBuilder();
    for (ValueType t : values()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(t.javaDescription);
    }
    return b.toString();
  }
}
