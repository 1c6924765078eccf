package dev.flujo.examples.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flujo.runtime.ColumnConverter;

/** Stores any JSON value, as a Jackson {@link JsonNode}, in a TEXT column, through {@link Json}. */
public final class JsonValueConverter implements ColumnConverter<JsonNode, String> {
  /** Creates the converter; the DAO does, once. */
  public JsonValueConverter() {}

  @Override
  public String toColumn(JsonNode value) {
    return Json.writeValue(value);
  }

  @Override
  public JsonNode fromColumn(String value) {
    return Json.readValue(value);
  }
}
