package dev.flujo.processor.model;

/** The Java types Flujo maps directly, each with the SQLite type it is stored as. */
public enum ValueType {
  STRING("String", SqlType.TEXT),
  LONG("long / Long", SqlType.INTEGER),
  INT("int / Integer", SqlType.INTEGER),
  SHORT("short / Short", SqlType.INTEGER),
  BYTE("byte / Byte", SqlType.INTEGER),
  BOOLEAN("boolean / Boolean", SqlType.INTEGER),
  DOUBLE("double / Double", SqlType.REAL),
  FLOAT("float / Float", SqlType.REAL),
  BYTES("byte[]", SqlType.BLOB),
  INSTANT("Instant", SqlType.INTEGER),
  LOCAL_DATE("LocalDate", SqlType.TEXT),
  DURATION("Duration", SqlType.INTEGER),
  UUID("UUID", SqlType.TEXT),
  BIG_DECIMAL("BigDecimal", SqlType.TEXT),
  ENUM("enums", SqlType.TEXT);

  private final String javaDescription;
  private final SqlType sqlType;

  ValueType(String javaDescription, SqlType sqlType) {
    this.javaDescription = javaDescription;
    this.sqlType = sqlType;
  }

  /** How the Java side is named in messages. */
  public String javaDescription() {
    return javaDescription;
  }

  /** The column's SQLite type. */
  public SqlType sqlType() {
    return sqlType;
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
