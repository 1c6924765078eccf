package dev.flujo.tests;

import dev.flujo.runtime.ColumnConverter;
import java.util.Arrays;
import java.util.List;

/** Stores a list of tags as comma-separated text; refuses tags containing a comma. */
public final class CsvConverter implements ColumnConverter<List<String>, String> {
  @Override
  public String toColumn(List<String> value) {
    for (String tag : value) {
      if (tag.contains(",")) {
        throw new IllegalArgumentException("tag contains a comma: " + tag);
      }
    }
    return String.join(",", value);
  }

  @Override
  public List<String> fromColumn(String value) {
    if (value.startsWith("!")) {
      throw new IllegalStateException("corrupt tag list: " + value);
    }
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(",", -1));
  }
}
