package dev.flujo.processor.codegen;

import static dev.flujo.processor.codegen.RuntimeTypes.COLUMN_DEFINITION;
import static dev.flujo.processor.codegen.RuntimeTypes.INDEX_DEFINITION;
import static dev.flujo.processor.codegen.RuntimeTypes.TABLE_DEFINITION;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.IndexModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the {@code TABLE} constant: a {@code TableDefinition} of the table's schema built with
 * named steps ({@code TableDefinition.builder}, {@code ColumnDefinition.key/notNull/nullable} with
 * each column's logical {@code ColumnType},
 * {@code IndexDefinition.of/unique}), the DDL one column per line.
 */
final class TableDefinitionWriter {
  private TableDefinitionWriter() {}

  /** The initializer expression of {@code TABLE}. */
  static CodeBlock initializer(TableModel table) {
    List<CodeBlock> columns = new ArrayList<>();
    for (ColumnModel c : table.columns()) {
      CodeBlock column =
          c.isKey()
              ? CodeBlock.of(
                  "$T.key($S, $L, $L)",
                  COLUMN_DEFINITION,
                  c.columnName(),
                  RuntimeTypes.columnType(c.valueType().columnType()),
                  c.keyPosition())
              : CodeBlock.of(
                  "$T.$L($S, $L)",
                  COLUMN_DEFINITION,
                  c.notNull() ? "notNull" : "nullable",
                  c.columnName(),
                  RuntimeTypes.columnType(c.valueType().columnType()));
      if (c.defaultValue() != null) {
        column = CodeBlock.of("$L.withDefault($S)", column, c.defaultValue().trim());
      }
      if (Sql.check(c) != null) {
        column = CodeBlock.of("$L.withCheck($S)", column, Sql.check(c));
      }
      columns.add(column);
    }
    CodeBlock.Builder b =
        CodeBlock.builder()
            .add("$T.builder($S)\n", TABLE_DEFINITION, table.tableName())
            .indent()
            .indent()
            .add(".columns(\n$>$>$L$<$<)\n", CodeBlock.join(columns, ",\n"));
    if (!table.indexes().isEmpty()) {
      List<CodeBlock> indexes = new ArrayList<>();
      for (IndexModel index : table.indexes()) {
        List<CodeBlock> args = new ArrayList<>();
        args.add(CodeBlock.of("$S", index.name()));
        args.add(RuntimeTypes.sqlText(Sql.createIndex(table, index)));
        for (String column : index.columns()) {
          args.add(CodeBlock.of("$S", table.column(column).columnName()));
        }
        indexes.add(
            CodeBlock.of(
                "$T.$L(\n$>$>$L$<$<)",
                INDEX_DEFINITION,
                index.unique() ? "unique" : "of",
                CodeBlock.join(args, ",\n")));
      }
      b.add(".indexes(\n$>$>$L$<$<)\n", CodeBlock.join(indexes, ",\n"));
    }
    if (!table.withoutRowId()) {
      b.add(".withoutRowId(false)\n");
    }
    if (!table.strict()) {
      b.add(".strict(false)\n");
    }
    return b.add(".createTableSql(\n$>$>$L$<$<)\n", createTable(table))
        .add(".fingerprint($S)\n", Fingerprint.of(table))
        .add(".dao($S)\n", DaoWriter.daoName(ClassName.get(table.element())).canonicalName())
        .add(".build()")
        .unindent()
        .unindent()
        .build();
  }

  /** The {@code CREATE TABLE} statement as a Java expression, one column per line. */
  private static CodeBlock createTable(TableModel table) {
    String[] lines = Sql.createTable(table).split("\n", -1);
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < lines.length; i++) {
      String line = i < lines.length - 1 ? lines[i] + "\n" : lines[i];
      if (i == 0) {
        b.add("$S", line).indent().indent();
      } else {
        b.add("\n+ $S", line);
      }
    }
    return b.unindent().unindent().build();
  }
}
