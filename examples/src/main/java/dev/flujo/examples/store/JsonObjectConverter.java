package dev.flujo.examples.store;

import dev.flujo.runtime.ColumnConverter;
import java.util.Map;

/**
 * Stores a {@code Map<String, Object>} as a JSON object in a TEXT column, through {@link Json}.
 * Malformed text found in the file becomes a {@link dev.flujo.runtime.DataConversionException}
 * naming table and column (the generated DAO wraps this converter's exception).
 */
public final class JsonObjectConverter implements ColumnConverter<Map<String, Object>, String> {
  /** Creates the converter; the DAO does, once. */
  public JsonObjectConverter() {}

  @Override
  public String toColumn(Map<String, Object> value) {
    return Json.writeObject(value);
  }

  @Override
  public Map<String, Object> fromColumn(String value) {
    return Json.readObject(value);
  }
}
