package dev.flujo.tests.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures a suite measured: printed, and appended to {@code figures.txt} in the directory named
 * by {@code -Dflujo.reliability.out} (the build sets {@code target/reliability}), where
 * docs/reliability.md takes them from.
 */
final class Figures {
  private final String suite;
  private final Map<String, Object> values = new LinkedHashMap<>();

  private Figures(String suite) {
    this.suite = suite;
  }

  static Figures of(String suite) {
    return new Figures(suite);
  }

  Figures put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  /** Prints the figures and appends them to the figures file, if one is configured. */
  void record() {
    String line =
        Instant.now()
            + " "
            + suite
            + (Settings.longForm() ? " [long]" : " [ci]")
            + ": "
            + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    System.out.println(line);
    String out = System.getProperty("flujo.reliability.out");
    if (out == null || out.isBlank()) {
      return;
    }
    try {
      Path dir = Path.of(out);
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("figures.txt"),
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("could not append figures: " + e);
    }
  }
}
