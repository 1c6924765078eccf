package dev.flujo.tests.queries;

import dev.flujo.runtime.ColumnConverter;

/** Stores a {@link Payload} as {@code kind:size}. */
public final class PayloadConverter implements ColumnConverter<Payload, String> {
  /** Creates the converter. */
  public PayloadConverter() {}

  @Override
  public String toColumn(Payload value) {
    return value.kind() + ":" + value.size();
  }

  @Override
  public Payload fromColumn(String value) {
    int colon = value.indexOf(':');
    return new Payload(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
  }
}
