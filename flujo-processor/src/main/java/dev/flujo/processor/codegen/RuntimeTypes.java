package dev.flujo.processor.codegen;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.flujo.processor.model.RetryModel;

/** Runtime and JDK types that generated code refers to. The processor does not load them. */
final class RuntimeTypes {
  static final String RUNTIME = "dev.flujo.runtime";
  static final String SPI = "dev.flujo.runtime.spi";

  static final ClassName STATE_DATABASE = ClassName.get(RUNTIME, "StateDatabase");
  static final ClassName TABLE_DEFINITION = ClassName.get(RUNTIME, "TableDefinition");
  static final ClassName COLUMN_DEFINITION = ClassName.get(RUNTIME, "ColumnDefinition");
  static final ClassName INDEX_DEFINITION = ClassName.get(RUNTIME, "IndexDefinition");
  static final ClassName RETRY_POLICY = ClassName.get(RUNTIME, "RetryPolicy");
  static final ClassName SQL_STATEMENT = ClassName.get(SPI, "SqlStatement");
  static final ClassName VALUES = ClassName.get(SPI, "Values");
  static final ClassName BINDER = ClassName.get(SPI, "Binder");

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
