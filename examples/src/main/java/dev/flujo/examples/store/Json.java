package dev.flujo.examples.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's JSON handling, on one shared, thread-safe Jackson {@link JsonMapper}.
 *
 * <p>Only JSON values are accepted when writing: {@code null}, {@link String}, {@link Boolean},
 * finite {@link Number}s, {@link Map}s with {@link String} keys, {@link Collection}s and {@link
 * JsonNode}s, nested up to {@value #MAX_DEPTH} levels. Anything else (a POJO, an {@code Instant},
 * {@code NaN}) is rejected with {@link IllegalArgumentException} rather than written in a form that
 * would not read back as the same value. Reading rejects malformed text, trailing content and an
 * empty string.
 */
public final class Json {
  /** How deeply values may nest; Jackson's own default limit for reading. */
  public static final int MAX_DEPTH = 1000;

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private Json() {}

  /** The shared mapper, e.g. to build {@link JsonNode}s with {@code mapper().valueToTree(...)}. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** Writes a JSON object. */
  public static String writeObject(Map<String, ?> value) {
    checkJson(value, 0);
    return write(value);
  }

  /** Writes any JSON value. */
  public static String writeValue(JsonNode value) {
    return write(value);
  }

  /**
   * Reads a JSON object into an unmodifiable, insertion-ordered map whose nested objects are {@link
   * LinkedHashMap}s and arrays {@link java.util.ArrayList}s.
   *
   * @throws IllegalArgumentException if {@code text} is not one JSON object
   */
  public static Map<String, Object> readObject(String text) {
    try {
      LinkedHashMap<String, Object> map = MAPPER.readValue(text, OBJECT);
      if (map == null) {
        throw new IllegalArgumentException("expected a JSON object, found null");
      }
      return Collections.unmodifiableMap(map);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  /**
   * Reads any JSON value.
   *
   * @throws IllegalArgumentException if {@code text} is not one JSON value
   */
  public static JsonNode readValue(String text) {
    try {
      return MAPPER.readValue(text, JsonNode.class);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
  }

  /** An unmodifiable copy of a map that keeps its order and allows null values. */
  static Map<String, Object> copyOf(Map<String, ?> map) {
    if (map == null) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static IllegalArgumentException malformed(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return new IllegalArgumentException(
        "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  private static void checkJson(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "JSON value nested deeper than " + MAX_DEPTH + " levels (does a map contain itself?)");
    }
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof JsonNode) {
      return;
    }
    if (value instanceof Number n) {
      if (n instanceof Double || n instanceof Float) {
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new IllegalArgumentException(d + " is not a JSON number");
        }
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(
              "JSON object keys must be strings, found " + describe(e.getKey()));
        }
        checkJson(e.getValue(), depth + 1);
      }
      return;
    }
    if (value instanceof Collection<?> list) {
      for (Object element : list) {
        checkJson(element, depth + 1);
      }
      return;
    }
    throw new IllegalArgumentException(
        describe(value)
            + " is not a JSON value; use String, Boolean, Number, Map<String, ?>, a Collection"
            + " or a JsonNode");
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }
}
