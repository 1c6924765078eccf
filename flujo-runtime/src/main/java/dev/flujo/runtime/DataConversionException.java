package dev.flujo.runtime;

/**
 * A value could not be converted between its Java and SQL forms: a {@link ColumnConverter} threw,
 * an {@code Instant} lies outside the epoch-microsecond range, or the file holds a value the Java
 * type cannot represent (an unknown enum constant, malformed text). Names the table and column.
 */
public class DataConversionException extends StateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DataConversionException(String message, Throwable cause, String table, String column) {
    super(message, cause, table, column, NO_RESULT_CODE);
  }
}
