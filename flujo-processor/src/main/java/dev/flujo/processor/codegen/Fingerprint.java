package dev.flujo.processor.codegen;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A digest of everything that makes up a table's schema: name, options, each column's name, type,
 * nullability, default, key position and check, and each index. Equal schemas have equal
 * fingerprints; the text is stable across compilers and platforms.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** The canonical text the fingerprint digests. */
  public static String canonical(TableModel table) {
    StringBuilder b = new StringBuilder();
    b.append("table ").append(table.tableName().toLowerCase(Locale.ROOT));
    b.append(table.withoutRowId() ? " without_rowid" : " rowid");
    b.append(table.strict() ? " strict" : " flexible").append('\n');
    for (ColumnModel c : table.columns()) {
      b.append("column ")
          .append(c.columnName().toLowerCase(Locale.ROOT))
          .append(' ')
          .append(c.sqlType())
          .append(c.notNull() ? " not_null" : " null")
          .append(" key=")
          .append(c.keyPosition())
          .append(" default=")
          .append(c.defaultValue() == null ? "-" : c.defaultValue().trim())
          .append(" check=")
          .append(Sql.check(c) == null ? "-" : Sql.check(c))
          .append('\n');
    }
    List<String> indexes = new ArrayList<>();
    for (IndexModel index : table.indexes()) {
      indexes.add(
          "index "
              + index.name().toLowerCase(Locale.ROOT)
              + (index.unique() ? " unique " : " ")
              + String.join(",", index.columns()).toLowerCase(Locale.ROOT));
    }
    indexes.sort(null);
    for (String index : indexes) {
      b.append(index).append('\n');
    }
    return b.toString();
  }

  /** The fingerprint: the first 16 hex digits of the SHA-256 of {@link #canonical}. */
  public static String of(TableModel table) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(table).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
