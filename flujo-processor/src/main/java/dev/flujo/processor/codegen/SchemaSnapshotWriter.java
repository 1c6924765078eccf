package dev.flujo.processor.codegen;

import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.sql.Sql;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes one JSON schema snapshot per table: name, source type, fingerprint, options, key, columns,
 * indexes and the DDL, one line of SQL per array element so that a diff shows the changed column.
 * The output is deterministic (fixed key order, columns in declaration order, indexes by name, no
 * timestamps, {@code \n} line ends) so that a commit of the snapshots shows schema changes in
 * review.
 *
 * <p>With {@code -Aflujo.schemaDir=<dir>} the file is {@code <dir>/<table>.json} (a relative
 * directory is resolved against the compiler's working directory), rewritten only when its content
 * changes. Without it, the file is the class-output resource {@code
 * META-INF/flujo/schema/<table>.json}.
 */
public final class SchemaSnapshotWriter {
  /** The processor option naming the snapshot directory. */
  public static final String OPTION = "flujo.schemaDir";

  /** The class-output folder of snapshots when no directory is given. */
  public static final String RESOURCE_FOLDER = "META-INF/flujo/schema/";

  private final Filer filer;
  private final Messager messager;
  private final String directory;

  /** Creates a writer for one compilation. */
  public SchemaSnapshotWriter(Filer filer, Messager messager, Map<String, String> options) {
    this.filer = filer;
    this.messager = messager;
    String dir = options.get(OPTION);
    this.directory = dir == null || dir.isBlank() ? null : dir.trim();
  }

  /** Writes the snapshot of {@code table}, reporting a failure as an error on its type. */
  public void write(TableModel table) {
    String json = json(table);
    String name = table.tableName() + ".json";
    try {
      if (directory != null) {
        Path file = Path.of(directory).resolve(name);
        Files.createDirectories(file.getParent());
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), bytes)) {
          Files.write(file, bytes);
        }
      } else {
        FileObject resource =
            filer.createResource(
                StandardLocation.CLASS_OUTPUT, "", RESOURCE_FOLDER + name, table.element());
        try (Writer out = resource.openWriter()) {
          out.write(json);
        }
      }
    } catch (IOException | RuntimeException e) {
      messager.printMessage(
          Diagnostic.Kind.ERROR,
          "could not write the schema snapshot " + name + ": " + e,
          table.element());
    }
  }

  /** The snapshot of {@code table} as JSON text ending in a newline. */
  public static String json(TableModel table) {
    Json j = new Json();
    j.open('{');
    j.field("table").string(table.tableName());
    j.field("source").string(table.element().getQualifiedName().toString());
    j.field("fingerprint").string(Fingerprint.of(table));
    j.field("withoutRowId").bool(table.withoutRowId());
    j.field("strict").bool(table.strict());
    List<String> key = new ArrayList<>();
    for (ColumnModel c : table.keyColumns()) {
      key.add(c.columnName());
    }
    j.field("primaryKey").strings(key);
    j.field("columns").open('[');
    for (ColumnModel c : table.columns()) {
      j.element().open('{');
      j.field("name").string(c.columnName());
      j.field("javaName").string(c.javaName());
      j.field("type").string(c.sqlType() == null ? null : c.sqlType().name());
      j.field("notNull").bool(c.notNull());
      j.field("default").string(c.defaultValue() == null ? null : c.defaultValue().trim());
      j.field("primaryKeyPosition").number(c.keyPosition());
      j.field("check").string(Sql.check(c));
      j.close('}');
    }
    j.close(']');
    List<IndexModel> indexes = new ArrayList<>(table.indexes());
    indexes.sort(Comparator.comparing(IndexModel::name));
    j.field("indexes").open('[');
    for (IndexModel index : indexes) {
      List<String> columns = new ArrayList<>();
      for (String column : index.columns()) {
        columns.add(table.column(column).columnName());
      }
      j.element().open('{');
      j.field("name").string(index.name());
      j.field("columns").strings(columns);
      j.field("unique").bool(index.unique());
      j.close('}');
    }
    j.close(']');
    List<String> ddl = new ArrayList<>(List.of((Sql.createTable(table) + ";").split("\n")));
    for (IndexModel index : indexes) {
      ddl.add(Sql.createIndex(table, index) + ";");
    }
    j.field("ddl").open('[');
    for (String line : ddl) {
      j.element().string(line);
    }
    j.close(']');
    j.close('}');
    return j.toString() + "\n";
  }

  /** Escapes {@code text} as the content of a JSON string (RFC 8259), without the quotes. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.toString();
  }

  /** A pretty-printing JSON builder: two-space indent, one member or element per line. */
  private static final class Json {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true;

    Json open(char bracket) {
      out.append(bracket);
      depth++;
      first = true;
      return this;
    }

    void close(char bracket) {
      depth--;
      if (!first) {
        newline();
      }
      out.append(bracket);
      first = false;
    }

    Json field(String name) {
      separate();
      out.append('"').append(escape(name)).append("\": ");
      return this;
    }

    Json element() {
      separate();
      return this;
    }

    void string(String value) {
      if (value == null) {
        out.append("null");
      } else {
        out.append('"').append(escape(value)).append('"');
      }
    }

    void bool(boolean value) {
      out.append(value);
    }

    void number(long value) {
      out.append(value);
    }

    void strings(List<String> values) {
      out.append('[');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        string(values.get(i));
      }
      out.append(']');
    }

    private void separate() {
      if (!first) {
        out.append(',');
      }
      newline();
      first = false;
    }

    private void newline() {
      out.append('\n');
      for (int i = 0; i < depth; i++) {
        out.append("  ");
      }
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
