package dev.flujo.processor.codegen;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.flujo.processor.model.RetryModel;
import java.util.ArrayList;
import java.util.List;

/** Runtime and JDK types that generated code refers to. The processor does not load them. */
final class RuntimeTypes {
  static final String RUNTIME = "dev.flujo.runtime";
  static final String SPI = "dev.flujo.runtime.spi";

  static final ClassName STATE_DATABASE = ClassName.get(RUNTIME, "StateDatabase");
  static final ClassName TABLE_DEFINITION = ClassName.get(RUNTIME, "TableDefinition");
  static final ClassName COLUMN_DEFINITION = ClassName.get(RUNTIME, "ColumnDefinition");
  static final ClassName INDEX_DEFINITION = ClassName.get(RUNTIME, "IndexDefinition");
  static final ClassName RETRY_POLICY = ClassName.get(RUNTIME, "RetryPolicy");
  static final ClassName COLUMN_TYPE = ClassName.get(RUNTIME, "ColumnType");
  static final ClassName DIALECT = ClassName.get(RUNTIME, "Dialect");
  static final ClassName OPTIMISTIC_LOCK = ClassName.get(RUNTIME, "OptimisticLockException");
  static final ClassName QUERY_SET = ClassName.get(RUNTIME, "QuerySet");
  static final ClassName SQL_STATEMENT = ClassName.get(SPI, "SqlStatement");
  static final ClassName VALUES = ClassName.get(SPI, "Values");
  static final ClassName BINDER = ClassName.get(SPI, "Binder");
  static final ClassName SESSION = ClassName.get(SPI, "Session");
  static final ClassName CODEC = ClassName.get(SPI, "Codec");

  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName PREPARED_STATEMENT = ClassName.get("java.sql", "PreparedStatement");
  static final ClassName RESULT_SET = ClassName.get("java.sql", "ResultSet");
  static final ClassName SQL_EXCEPTION = ClassName.get("java.sql", "SQLException");
  static final ClassName TYPES = ClassName.get("java.sql", "Types");
  static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
  static final ClassName LIST = ClassName.get("java.util", "List");
  static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  static final ClassName COLLECTION = ClassName.get("java.util", "Collection");
  static final ClassName STREAM = ClassName.get("java.util.stream", "Stream");

  static final String PROCESSOR = "dev.flujo.processor.FlujoProcessor";

  private RuntimeTypes() {}

  /** A {@code new RetryPolicy(...)} expression with a {@code @DbRetry}'s values. */
  static CodeBlock retryPolicy(RetryModel retry) {
    return CodeBlock.of(
        "new $T($L, $LL, $L, $LL, $L)",
        RETRY_POLICY,
        retry.maxAttempts(),
        retry.initialDelayMillis(),
        retry.multiplier(),
        retry.maxDelayMillis(),
        retry.jitter());
  }

  /** {@code ColumnType.X} for a logical type name, or {@code null} for none. */
  static CodeBlock columnType(String name) {
    return name == null ? CodeBlock.of("null") : CodeBlock.of("$T.$L", COLUMN_TYPE, name);
  }

  /** Longest piece of an SQL string constant on one line of generated code. */
  private static final int SQL_LINE = 72;

  /**
   * An SQL string as a Java expression that reads well: one literal if it is short, else pieces of
   * at most about {@value #SQL_LINE} characters joined by {@code +} on continuation lines, cut
   * before a clause keyword or after a comma (never inside a quoted name or literal).
   */
  static CodeBlock sqlText(String sql) {
    if (sql.length() <= SQL_LINE) {
      return CodeBlock.of("$S", sql);
    }
    List<String> pieces = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int start = 0;
    List<Integer> cuts = cutPoints(sql);
    cuts.add(sql.length());
    for (int cut : cuts) {
      String segment = sql.substring(start, cut);
      if (current.length() > 0 && current.length() + segment.length() > SQL_LINE) {
        pieces.add(current.toString());
        current.setLength(0);
      }
      current.append(segment);
      start = cut;
    }
    pieces.add(current.toString());
    CodeBlock.Builder b = CodeBlock.builder().add("$S", pieces.get(0)).indent().indent();
    for (String piece : pieces.subList(1, pieces.size())) {
      b.add("\n+ $S", piece);
    }
    return b.unindent().unindent().build();
  }

  /** Offsets where {@link #sqlText} may cut: after ", " and before a clause, outside quotes. */
  private static List<Integer> cutPoints(String sql) {
    List<Integer> cuts = new ArrayList<>();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == ',' && i + 1 < sql.length() && sql.charAt(i + 1) == ' ') {
        cuts.add(i + 2);
      } else if (c == ' ') {
        for (String clause : CLAUSES) {
          if (sql.startsWith(clause, i + 1)) {
            cuts.add(i);
            break;
          }
        }
      }
    }
    return cuts;
  }

  private static final List<String> CLAUSES =
      List.of(
          "FROM ", "WHERE ", "VALUES ", "ON CONFLICT ", "DO UPDATE ", "ORDER BY ", "GROUP BY ",
          "LIMIT ", "SET ", "AND ", "OR ");

  /**
   * {@code Type.method(args)}: on one line if it fits, else one argument per line (an argument may
   * itself span lines, as {@link #sqlText} does).
   */
  static CodeBlock call(ClassName type, String method, List<CodeBlock> args) {
    CodeBlock oneLine = CodeBlock.of("$T.$L($L)", type, method, CodeBlock.join(args, ", "));
    if (!oneLine.toString().contains("\n") && oneLine.toString().length() <= 90) {
      return oneLine;
    }
    return CodeBlock.of("$T.$L(\n$>$>$L$<$<)", type, method, CodeBlock.join(args, ",\n"));
  }

  /** {@code @Generated} naming the processor and the type the file was generated from. */
  static AnnotationSpec generated(ClassName origin) {
    return AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", PROCESSOR)
        .addMember("comments", "$S", "from " + origin.canonicalName())
        .build();
  }

  /**
   * A generated type beside {@code origin} in its package: nested names joined by {@code _}
   * between {@code prefix} and {@code suffix} ({@code Outer.Foo} → {@code Outer_FooDao}).
   */
  static ClassName sibling(ClassName origin, String prefix, String suffix) {
    return ClassName.get(
        origin.packageName(), prefix + String.join("_", origin.simpleNames()) + suffix);
  }
}
