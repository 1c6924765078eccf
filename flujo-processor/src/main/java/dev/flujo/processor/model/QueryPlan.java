package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * A {@code @Query} method checked against the schema: whether it writes, how each parameter binds,
 * the result columns SQLite reported and how a row is read. Code is written from plans only.
 *
 * @param method the method
 * @param sql the statement as sent at run time: the method's text with every {@code *} result
 *     column expanded to the columns the generated reader expects
 * @param postgres the {@code @Query(postgres)} form as sent on PostgreSQL ({@code *} expanded
 *     likewise), or null if the method has none
 * @param write whether the statement writes (it then takes the write lock)
 * @param bindings one per parameter, in declaration order
 * @param resultColumns the result column labels, in order
 * @param row how a row is read, or null for shapes without rows
 * @param tables the tables the statement reads or writes, lower case, sorted, as SQLite's program
 *     for it opens them
 */
public record QueryPlan(
    QueryMethod method,
    QuerySql sql,
    QuerySql postgres,
    boolean write,
    List<Binding> bindings,
    List<String> resultColumns,
    Row row,
    List<String> tables) {

  /** The binding of the parameter with this name. */
  public Binding binding(String name) {
    for (Binding b : bindings) {
      if (b.parameter().name().equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** Whether some parameter is a collection, so the SQL is expanded per call. */
  public boolean dynamic() {
    for (Binding b : bindings) {
      if (b.parameter().collection()) {
        return true;
      }
    }
    return false;
  }

  /**
   * How one parameter binds.
   *
   * @param parameter the parameter
   * @param storage how a value (after conversion) is bound
   * @param storedType the Java type bound: the converter's {@code S}, or the value type
   * @param converter the converter applied first, or null
   */
  public record Binding(
      QueryParameter parameter, ValueType storage, TypeMirror storedType, ConverterModel converter) {}

  /**
   * How a row becomes a value.
   *
   * @param kind entity, projection or scalar
   * @param type the Java type of the value
   * @param entity for an entity row: its table
   * @param projection for a projection row: the record
   * @param fields the values read, in the order the constructor (or setters) take them
   */
  public record Row(
      QueryReturn.RowKind kind,
      TypeMirror type,
      TableModel entity,
      QueryProjection projection,
      List<Field> fields) {}

  /**
   * One value read from a result column.
   *
   * @param index the 1-based result column index, fixed at compile time
   * @param table the table named in conversion errors
   * @param column the result column label
   * @param valueType how the stored value maps
   * @param javaType the Java type read (after conversion)
   * @param converter the converter applied, or null
   * @param notNull whether it is read as never NULL (primitives, and NOT NULL entity columns)
   * @param entityColumn for an entity row: the entity's column
   */
  public record Field(
      int index,
      String table,
      String column,
      ValueType valueType,
      TypeMirror javaType,
      ConverterModel converter,
      boolean notNull,
      ColumnModel entityColumn) {}
}
