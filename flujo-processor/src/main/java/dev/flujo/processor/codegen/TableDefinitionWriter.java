package dev.flujo.processor.codegen;

import static dev.flujo.processor.codegen.RuntimeTypes.COLUMN_DEFINITION;
import static dev.flujo.processor.codegen.RuntimeTypes.INDEX_DEFINITION;
import static dev.flujo.processor.codegen.RuntimeTypes.LIST;
import static dev.flujo.processor.codegen.RuntimeTypes.TABLE_DEFINITION;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/** Writes the {@code TABLE} constant: a {@code TableDefinition} literal of the table's schema. */
final class TableDefinitionWriter {
  private TableDefinitionWriter() {}

  static CodeBlock initializer(TableModel table) {
    List<CodeBlock> columns = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      columns.add(
          CodeBlock.of(
              "new $T($S, $S, $L, $S, $L, $S)",
              COLUMN_DEFINITION,
              c.columnName(),
              c.sqlType().name(),
              c.notNull(),
              c.defaultValue() == null ? null : c.defaultValue().trim(),
              c.keyPosition(),
              Sql.check(c)));
    }
    List<CodeBlock> indexes = new ArrayList<>();
    for (IndexModel index : table.indexes()) {
      List<CodeBlock> names = new ArrayList<>();
      for (String column : index.columns()) {
        names.add(CodeBlock.of("$S", table.column(column).columnName()));
      }
      indexes.add(
          CodeBlock.of(
              "new $T($S, $T.of($L), $L, $S)",
              INDEX_DEFINITION,
              index.name(),
              LIST,
              CodeBlock.join(names, ", "),
              index.unique(),
              Sql.createIndex(table, index)));
    }
    return CodeBlock.builder()
        .add("new $T(\n", TABLE_DEFINITION)
        .indent()
        .indent()
        .add("$S,\n", table.tableName())
        .add("$T.of(\n", LIST)
        .indent()
        .indent()
        .add(CodeBlock.join(columns, ",\n"))
        .unindent()
        .unindent()
        .add("),\n")
        .add(list(indexes))
        .add(",\n$L,\n$L,\n", table.withoutRowId(), table.strict())
        .add("$S,\n", Sql.createTable(table))
        .add("$S,\n", Fingerprint.of(table))
        .add("$S)", DaoWriter.daoName(ClassName.get(table.element())).canonicalName())
        .unindent()
        .unindent()
        .build();
  }

  private static CodeBlock list(List<CodeBlock> items) {
    if (items.isEmpty()) {
      return CodeBlock.of("$T.of()", LIST);
    }
    return CodeBlock.builder()
        .add("$T.of(\n", LIST)
        .indent()
        .indent()
        .add(CodeBlock.join(items, ",\n"))
        .unindent()
        .unindent()
        .add(")")
        .build();
  }
}
