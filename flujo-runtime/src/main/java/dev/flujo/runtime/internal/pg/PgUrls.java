package dev.flujo.runtime.internal.pg;

import java.util.Locale;
import java.util.regex.Pattern;

/** PostgreSQL JDBC URLs: recognising them, and printing them without their password. */
public final class PgUrls {
  private static final Pattern PASSWORD =
      Pattern.compile("(?i)(password=)[^&;]*");

  private PgUrls() {}

  /** Whether {@code url} names a PostgreSQL server ({@code jdbc:postgresql:…}). */
  public static boolean isPostgres(String url) {
    return url != null && url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  /** {@code url} with any {@code password=} parameter value replaced by {@code ***}. */
  public static String redact(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }
}
