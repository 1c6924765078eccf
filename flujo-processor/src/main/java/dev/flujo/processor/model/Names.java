package dev.flujo.processor.model;

import java.util.Locale;

/** Java-to-SQL name mapping. */
public final class Names {
  private Names() {}

  /**
   * The snake_case form of a Java name: {@code WorkflowState} → {@code workflow_state}, {@code
   * runId} → {@code run_id}, {@code URLPath} → {@code url_path}, {@code step2Name} → {@code
   * step2_name}.
   */
  public static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean previousLowerOrDigit =
            i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
        boolean acronymEnd =
            i > 0
                && Character.isUpperCase(name.charAt(i - 1))
                && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1));
        if ((previousLowerOrDigit || acronymEnd) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
