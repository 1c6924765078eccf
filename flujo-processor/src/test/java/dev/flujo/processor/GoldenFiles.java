package dev.flujo.processor;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares generated sources with reviewed copies under {@code src/test/resources/golden/}. Run
 * with {@code -Dflujo.updateGoldens=true} to rewrite them, then review the diff.
 */
public final class GoldenFiles {
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  /** Whether this run rewrites goldens instead of checking them. */
  public static boolean updating() {
    return Boolean.getBoolean("flujo.updateGoldens");
  }

  /** Asserts that {@code actual} equals the golden file {@code name}, or rewrites it. */
  public static void assertMatches(String name, String actual) {
    Path golden = ROOT.resolve(name);
    try {
      if (updating()) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(golden)) {
        fail("no golden file " + golden + "; run with -Dflujo.updateGoldens=true to create it");
      }
      String expected = Files.readString(golden, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        fail(
            "generated source differs from "
                + golden
                + " (run with -Dflujo.updateGoldens=true to accept, then review the diff):\n"
                + firstDifference(expected, actual));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read or write " + golden, e);
    }
  }

  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String el = i < e.size() ? e.get(i) : "<end of file>";
      String al = i < a.size() ? a.get(i) : "<end of file>";
      if (!el.equals(al)) {
        return "line " + (i + 1) + "\n  expected: " + el + "\n  actual:   " + al;
      }
    }
    return "(line endings differ)";
  }
}
