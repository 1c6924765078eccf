package dev.flujo.tests.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Text that breaks code which builds SQL from values, mishandles encodings or treats values as
 * patterns. Every entry is well-formed UTF-16 and must come back exactly as it went in, whether it
 * travels as a key, a value or a query parameter; the {@code @StateQueries} suite takes its
 * parameters from {@link #all()} too. Lone surrogates, which UTF-8 cannot encode, are kept apart in
 * {@link #loneSurrogates()}.
 */
public final class HostilePayloads {
  private HostilePayloads() {}

  /** Every well-formed payload, each with a short name for messages. */
  public static List<Payload> all() {
    List<Payload> p = new ArrayList<>();
    p.add(new Payload("single quote", "'"));
    p.add(new Payload("two single quotes", "''"));
    p.add(new Payload("double quote", "\""));
    p.add(new Payload("classic drop table", "'); DROP TABLE rel_hostile; --"));
    p.add(new Payload("drop table in double quotes", "\"); DROP TABLE \"rel_hostile\"; --"));
    p.add(new Payload("tautology", "' OR '1'='1"));
    p.add(new Payload("tautology with comment", "' OR 1=1 --"));
    p.add(new Payload("stacked delete", "x'; DELETE FROM rel_hostile WHERE '1'='1"));
    p.add(new Payload("subquery concatenation", "'||(SELECT sqlite_version())||'"));
    p.add(new Payload("union select", "' UNION SELECT name, sql, NULL FROM sqlite_master --"));
    p.add(new Payload("attach", "'; ATTACH DATABASE '/tmp/evil.db' AS evil; --"));
    p.add(new Payload("block comment", "/* comment */"));
    p.add(new Payload("line comment", "-- comment"));
    p.add(new Payload("positional placeholder", "?"));
    p.add(new Payload("numbered placeholder", "?1"));
    p.add(new Payload("named placeholder", ":label"));
    p.add(new Payload("at placeholder", "@content"));
    p.add(new Payload("dollar placeholder", "$1"));
    p.add(new Payload("percent", "%"));
    p.add(new Payload("underscore", "_"));
    p.add(new Payload("like pattern", "a%b_c"));
    p.add(new Payload("glob pattern", "[a-z]*?"));
    p.add(new Payload("backslash", "\\"));
    p.add(new Payload("escaped quote", "\\'"));
    p.add(new Payload("backslash sandwich", "\\\\'\\\\"));
    p.add(new Payload("newline", "line1\nline2"));
    p.add(new Payload("carriage return newline", "line1\r\nline2"));
    p.add(new Payload("tab", "a\tb"));
    p.add(new Payload("NUL inside", "a\u0000b"));
    p.add(new Payload("NUL alone", "\u0000"));
    p.add(new Payload("trailing NUL", "abc\u0000"));
    p.add(new Payload("control characters", "\u0001\u0002\u001b[31m\u007f"));
    p.add(new Payload("empty", ""));
    p.add(new Payload("spaces", "   "));
    p.add(new Payload("trailing space", "key "));
    p.add(new Payload("upper case twin", "KEY"));
    p.add(new Payload("lower case twin", "key"));
    p.add(new Payload("NULL as text", "NULL"));
    p.add(new Payload("right-to-left mark", "\u200Fabc"));
    p.add(new Payload("right-to-left override", "\u202Etxt.exe"));
    p.add(new Payload("zero width joiner", "a\u200Db"));
    p.add(new Payload("byte order mark", "\uFEFFbom"));
    p.add(new Payload("replacement character", "\uFFFD"));
    p.add(new Payload("4-byte emoji", "\uD83D\uDE00"));
    p.add(new Payload("emoji family sequence", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"));
    p.add(new Payload("supplementary CJK", "\uD840\uDC00\uD869\uDEDF"));
    p.add(new Payload("highest code point", "\uDBFF\uDFFF"));
    p.add(new Payload("precomposed e acute", "\u00E9"));
    p.add(new Payload("decomposed e acute", "e\u0301"));
    p.add(new Payload("Arabic", "\u0627\u0644\u0639\u0631\u0628\u064A\u0629"));
    p.add(new Payload("Chinese", "\u4E2D\u6587"));
    p.add(new Payload("question mark", "??"));
    p.add(
        new Payload("long mixed key (64 KiB)", repeat("'\u00E9\uD83D\uDE00%_\\\n", 64 * 1024 / 9)));
    p.add(new Payload("long value (1 MiB)", repeat("0123456789abcdef", 64 * 1024)));
    return Collections.unmodifiableList(p);
  }

  /**
   * Strings with a lone (unpaired) surrogate. UTF-8 has no encoding for them: SQLite's text is
   * UTF-8, so they can only be stored verbatim by some other means or refused.
   */
  public static List<Payload> loneSurrogates() {
    return List.of(
        new Payload("lone high surrogate", "\uD800"),
        new Payload("lone low surrogate", "\uDC00"),
        new Payload("high surrogate before ASCII", "a\uD83Db"),
        new Payload("reversed surrogate pair", "\uDE00\uD83D"));
  }

  private static String repeat(String unit, int times) {
    return unit.repeat(times);
  }

  /** One payload and its name. */
  public record Payload(String name, String text) {
    @Override
    public String toString() {
      return name;
    }
  }
}
