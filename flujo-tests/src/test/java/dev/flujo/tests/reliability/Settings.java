package dev.flujo.tests.reliability;

/**
 * Sizes of the reliability suites. The default is the bounded CI form; {@code
 * -Dflujo.reliability.long=true} (set by the {@code reliability} Maven profile) selects the long
 * form, and {@code -Dflujo.reliability.<name>=<n>} overrides one figure.
 */
final class Settings {
  private static final String PREFIX = "flujo.reliability.";

  private Settings() {}

  /** Whether the long form was asked for. */
  static boolean longForm() {
    return Boolean.getBoolean(PREFIX + "long");
  }

  /** The figure {@code name}: its override if set, else the CI or long value. */
  static int choose(String name, int ci, int longValue) {
    String override = System.getProperty(PREFIX + name);
    if (override != null && !override.isBlank()) {
      return Integer.parseInt(override.trim());
    }
    return longForm() ? longValue : ci;
  }

  /** The random seed of this run: {@code -Dflujo.reliability.seed} or a fresh one. */
  static long seed() {
    String fixed = System.getProperty(PREFIX + "seed");
    return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
  }
}
