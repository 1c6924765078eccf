package dev.flujo.processor.codegen;

import static dev.flujo.processor.codegen.RuntimeTypes.VALUES;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.TypeName;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Timestamp;
import dev.flujo.processor.model.ValueType;
import java.util.Set;
import javax.lang.model.type.TypeMirror;

/**
 * The Java code that binds a column's value to a statement parameter and reads it back from a
 * result column, for each supported type. Statements are bound by index and results read by index.
 * The types each dialect stores differently ({@link ValueType#viaCodec()}) go through the {@code
 * codec} field of the generated class (the session's {@code Codec}); every other type binds and
 * reads directly, the same on every dialect.
 */
final class ColumnCodec {
  private static final Set<String> RESERVED =
      Set.of(
          "statement", "entity", "entities", "now", "row", "db", "session", "codec", "pending");

  private static final CodeBlock TABLE_NAME = CodeBlock.of("TABLE_NAME");

  private ColumnCodec() {}

  /** The converter field of a converted column. */
  static String converterField(ColumnModel column) {
    return column.javaName() + "Converter";
  }

  /** A local variable name for a column's value that cannot clash with method parameters. */
  static String local(ColumnModel column) {
    String name = column.javaName();
    return RESERVED.contains(name) ? name + "Value" : name;
  }

  /**
   * Statements binding {@code value} (an expression of the column's Java type) to parameter
   * {@code index} of {@code statement}; timestamps bind {@code now} instead.
   */
  static CodeBlock bind(ColumnModel column, CodeBlock value, int index) {
    return bind(column, value, index, false);
  }

  /**
   * Like {@link #bind(ColumnModel, CodeBlock, int)}; {@code checkedNonNull} says the caller already
   * rejected null (a key parameter checked with {@code Objects.requireNonNull}).
   */
  static CodeBlock bind(ColumnModel column, CodeBlock value, int index, boolean checkedNonNull) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (column.timestamp() != Timestamp.NONE) {
      return b.addStatement("codec.setTimestamp(statement, $L, now)", index).build();
    }
    String name = column.columnName();
    if (column.converter() != null) {
      String local = local(column) + "Column";
      TypeName stored = TypeName.get(column.converter().columnType());
      b.addStatement(
          "$T $L = $T.toColumn($L, $L, TABLE_NAME, $S)",
          stored,
          local,
          VALUES,
          converterField(column),
          value,
          name);
      return b.add(bindReference(column, CodeBlock.of("$L", local), index, true)).build();
    }
    if (column.primitive() || checkedNonNull) {
      return b.addStatement(setter(column.valueType(), value, index, name)).build();
    }
    return b.add(bindReference(column, value, index, false)).build();
  }

  private static CodeBlock bindReference(
      ColumnModel column, CodeBlock value, int index, boolean valueIsLocal) {
    String name = column.columnName();
    if (column.notNull()) {
      CodeBlock checked =
          CodeBlock.of("$T.requireNonNull($L, TABLE_NAME, $S)", VALUES, value, name);
      return CodeBlock.builder()
          .addStatement(setter(column.valueType(), checked, index, name))
          .build();
    }
    return CodeBlock.builder()
        .addStatement(
            nullableSetter(column.valueType(), value, CodeBlock.of("$L", index), TABLE_NAME, name))
        .build();
  }

  /**
   * A statement (without its semicolon) binding {@code v}, a possibly null value of the Java type
   * that {@code type} maps, to parameter {@code i}: one call of a {@code Values.setX} helper, which
   * binds SQL NULL for null. Conversion errors name {@code table} (an expression) and {@code
   * column}.
   */
  static CodeBlock nullableSetter(
      ValueType type, CodeBlock v, CodeBlock i, CodeBlock table, String column) {
    switch (type) {
      case STRING:
        return CodeBlock.of("$T.setString(statement, $L, $L)", VALUES, i, v);
      case LONG:
        return CodeBlock.of("$T.setLong(statement, $L, $L)", VALUES, i, v);
      case INT:
        return CodeBlock.of("$T.setInt(statement, $L, $L)", VALUES, i, v);
      case SHORT:
        return CodeBlock.of("$T.setShort(statement, $L, $L)", VALUES, i, v);
      case BYTE:
        return CodeBlock.of("$T.setByte(statement, $L, $L)", VALUES, i, v);
      case BOOLEAN:
        return CodeBlock.of("codec.setBoolean(statement, $L, $L)", i, v);
      case DOUBLE:
        return CodeBlock.of(
            "$T.setDouble(statement, $L, $L, $L, $S)", VALUES, i, v, table, column);
      case FLOAT:
        return CodeBlock.of(
            "$T.setFloat(statement, $L, $L, $L, $S)", VALUES, i, v, table, column);
      case BYTES:
        return CodeBlock.of("$T.setBytes(statement, $L, $L)", VALUES, i, v);
      case INSTANT:
        return CodeBlock.of("codec.setInstant(statement, $L, $L, $L, $S)", i, v, table, column);
      case DURATION:
        return CodeBlock.of(
            "$T.setDuration(statement, $L, $L, $L, $S)", VALUES, i, v, table, column);
      case LOCAL_DATE:
      case UUID:
      case BIG_DECIMAL:
        return codecSetter(type, v, i);
      case ENUM:
        return CodeBlock.of("$T.setEnum(statement, $L, $L)", VALUES, i, v);
      default:
        throw new IllegalArgumentException(type.name());
    }
  }

  private static CodeBlock setter(ValueType type, CodeBlock v, int i, String column) {
    return setter(type, v, CodeBlock.of("$L", i), TABLE_NAME, column);
  }

  /**
   * A statement (without its semicolon) binding {@code v}, a non-null value of the Java type that
   * {@code type} maps, to parameter {@code i} of {@code statement}; conversion errors name {@code
   * table} (an expression) and {@code column}.
   */
  static CodeBlock setter(ValueType type, CodeBlock v, CodeBlock i, CodeBlock table, String column) {
    switch (type) {
      case STRING:
        return CodeBlock.of("statement.setString($L, $L)", i, v);
      case LONG:
        return CodeBlock.of("statement.setLong($L, $L)", i, v);
      case INT:
      case SHORT:
      case BYTE:
        return CodeBlock.of("statement.setInt($L, $L)", i, v);
      case BOOLEAN:
        return CodeBlock.of("codec.setBoolean(statement, $L, $L)", i, v);
      case DOUBLE:
      case FLOAT:
        return CodeBlock.of(
            "statement.setDouble($L, $T.checkReal($L, $L, $S))", i, VALUES, v, table, column);
      case BYTES:
        return CodeBlock.of("statement.setBytes($L, $L)", i, v);
      case INSTANT:
        return CodeBlock.of(
            "codec.setTimestamp(statement, $L, $T.toEpochMicros($L, $L, $S))",
            i,
            VALUES,
            v,
            table,
            column);
      case DURATION:
        return CodeBlock.of(
            "statement.setLong($L, $T.toMicros($L, $L, $S))", i, VALUES, v, table, column);
      case LOCAL_DATE:
      case UUID:
      case BIG_DECIMAL:
        return codecSetter(type, v, i);
      case ENUM:
        return CodeBlock.of("statement.setString($L, $L.name())", i, v);
      default:
        throw new IllegalArgumentException(type.name());
    }
  }

  /** {@code codec.setDate/setUuid/setDecimal}, which bind SQL NULL for null. */
  private static CodeBlock codecSetter(ValueType type, CodeBlock v, CodeBlock i) {
    String method =
        type == ValueType.LOCAL_DATE ? "setDate" : type == ValueType.UUID ? "setUuid" : "setDecimal";
    return CodeBlock.of("codec.$L(statement, $L, $L)", method, i, v);
  }

  /** An expression reading result column {@code index} of {@code row} as the column's Java type. */
  static CodeBlock read(ColumnModel column, int index) {
    return read(column, index, TABLE_NAME, CodeBlock.of("$L", converterField(column)));
  }

  /**
   * Like {@link #read(ColumnModel, int)}, naming {@code table} (an expression) in conversion errors
   * and converting through {@code converter} (an expression), for code outside the table's DAO.
   */
  static CodeBlock read(ColumnModel column, int index, CodeBlock table, CodeBlock converter) {
    String name = column.columnName();
    if (column.converter() != null) {
      CodeBlock stored =
          readValue(column.valueType(), column.converter().columnType(), false, index, table, name);
      return CodeBlock.of(
          "$T.$L($L, $L, $L, $S)",
          VALUES,
          column.notNull() ? "fromColumnNotNull" : "fromColumn",
          converter,
          stored,
          table,
          name);
    }
    return readValue(column.valueType(), column.type(), column.notNull(), index, table, name);
  }

  /**
   * An expression reading result column {@code i} of {@code row} as {@code javaType}, stored as
   * {@code type}; {@code notNull} reads it as never NULL (a primitive reads NULL as zero).
   */
  static CodeBlock readValue(
      ValueType type, TypeMirror javaType, boolean notNull, int i, CodeBlock table, String column) {
    switch (type) {
      case STRING:
        return CodeBlock.of("row.getString($L)", i);
      case LONG:
        return notNull
            ? CodeBlock.of("row.getLong($L)", i)
            : CodeBlock.of("$T.getLong(row, $L)", VALUES, i);
      case INT:
        return narrow("toInt", "intOrNull", notNull, i, table, column);
      case SHORT:
        return narrow("toShort", "shortOrNull", notNull, i, table, column);
      case BYTE:
        return narrow("toByte", "byteOrNull", notNull, i, table, column);
      case BOOLEAN:
        return CodeBlock.of(
            "codec.$L(row, $L, $L, $S)",
            notNull ? "getBoolean" : "getBooleanOrNull",
            i,
            table,
            column);
      case DOUBLE:
        return notNull
            ? CodeBlock.of("row.getDouble($L)", i)
            : CodeBlock.of("$T.getDouble(row, $L)", VALUES, i);
      case FLOAT:
        return notNull
            ? CodeBlock.of("(float) row.getDouble($L)", i)
            : CodeBlock.of("$T.floatOrNull(row, $L)", VALUES, i);
      case BYTES:
        return notNull
            ? CodeBlock.of("$T.bytes(row.getBytes($L))", VALUES, i)
            : CodeBlock.of("row.getBytes($L)", i);
      case INSTANT:
        return CodeBlock.of("codec.$L(row, $L)", notNull ? "getInstant" : "getInstantOrNull", i);
      case DURATION:
        return notNull
            ? CodeBlock.of("$T.durationFromMicros(row.getLong($L))", VALUES, i)
            : CodeBlock.of("$T.durationOrNull(row, $L)", VALUES, i);
      case LOCAL_DATE:
        return CodeBlock.of("codec.getDate(row, $L, $L, $S)", i, table, column);
      case UUID:
        return CodeBlock.of("codec.getUuid(row, $L, $L, $S)", i, table, column);
      case BIG_DECIMAL:
        return CodeBlock.of("codec.getDecimal(row, $L, $L, $S)", i, table, column);
      case ENUM:
        return CodeBlock.of(
            "$T.toEnum($T::valueOf, row.getString($L), $L, $S)",
            VALUES,
            TypeName.get(javaType),
            i,
            table,
            column);
      default:
        throw new IllegalArgumentException(type.name());
    }
  }

  private static CodeBlock narrow(
      String notNullMethod,
      String nullableMethod,
      boolean notNull,
      int i,
      CodeBlock table,
      String column) {
    return notNull
        ? CodeBlock.of("$T.$L(row.getLong($L), $L, $S)", VALUES, notNullMethod, i, table, column)
        : CodeBlock.of("$T.$L(row, $L, $L, $S)", VALUES, nullableMethod, i, table, column);
  }
}
