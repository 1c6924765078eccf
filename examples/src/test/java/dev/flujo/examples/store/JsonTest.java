package dev.flujo.examples.store;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the JSON converters accept, write and reject. */
class JsonTest {
  private final JsonObjectConverter objects = new JsonObjectConverter();
  private final JsonValueConverter values = new JsonValueConverter();

  @Test
  void nestedObjectsRoundTripInOrder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", 1);
    map.put("a", Arrays.asList("x", null, 2.5, true));
    map.put("nested", Map.of("big", new BigDecimal("12345678901234567890.5")));
    map.put("nothing", null);

    String text = objects.toColumn(map);
    Map<String, Object> back = objects.fromColumn(text);

    assertThat(text).startsWith("{\"z\":1,\"a\":[\"x\",null,2.5,true]");
    assertThat(back.keySet()).containsExactly("z", "a", "nested", "nothing").inOrder();
    assertThat(back.get("a")).isEqualTo(Arrays.asList("x", null, 2.5, true));
    assertThat(back.containsKey("nothing")).isTrue();
    assertThrows(UnsupportedOperationException.class, () -> back.put("new", 1));
  }

  @Test
  void valuesThatWouldNotReadBackTheSameAreRejected() {
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> objects.toColumn(Map.of("x", Double.NaN))))
        .hasMessageThat()
        .contains("NaN is not a JSON number");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> objects.toColumn(Map.of("x", new StringBuilder("pojo")))))
        .hasMessageThat()
        .contains("java.lang.StringBuilder is not a JSON value");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> objects.toColumn(Map.of("x", Map.of(1, "int key")))))
        .hasMessageThat()
        .contains("keys must be strings");
  }

  @Test
  void aMapThatContainsItselfIsRejectedInsteadOfOverflowingTheStack() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> objects.toColumn(loop));

    assertThat(e).hasMessageThat().contains("nested deeper than 1000 levels");
  }

  @Test
  void malformedTextIsRejectedWithItsPosition() {
    for (String bad : List.of("", "{", "{\"a\":1} trailing", "[1,2]", "null", "{'a':1}")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> objects.fromColumn(bad), bad);
      assertThat(e).hasMessageThat().isNotEmpty();
    }
    assertThat(assertThrows(IllegalArgumentException.class, () -> values.fromColumn("[1,")))
        .hasMessageThat()
        .startsWith("malformed JSON at line 1, column");
  }

  @Test
  void anyJsonValueRoundTripsAsANode() {
    for (String text : List.of("1", "\"s\"", "true", "null", "[1,{\"a\":[]}]", "{\"k\":-0.5}")) {
      assertThat(values.toColumn(values.fromColumn(text))).isEqualTo(text);
    }
  }
}
