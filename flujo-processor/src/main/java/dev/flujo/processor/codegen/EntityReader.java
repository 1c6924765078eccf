package dev.flujo.processor.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Construction;
import dev.flujo.processor.model.TableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of a method that builds an entity from a row, shared by the DAO's {@code read} and the
 * entity readers of query implementations: its canonical (or only) constructor with each column's
 * value in parameter order, or its no-argument constructor and then each setter or field.
 */
final class EntityReader {
  private EntityReader() {}

  /**
   * The statements, ending in {@code return}.
   *
   * @param values the expression reading each column, by Java name
   */
  static CodeBlock body(TableModel table, Map<String, CodeBlock> values) {
    ClassName type = ClassName.get(table.element());
    if (table.construction().kind() == Construction.Kind.CONSTRUCTOR) {
      List<CodeBlock> args = new ArrayList<>();
      for (String javaName : table.construction().parameterOrder()) {
        args.add(values.get(javaName));
      }
      return CodeBlock.of("return new $T(\n$>$>$L$<$<);\n", type, CodeBlock.join(args, ",\n"));
    }
    CodeBlock.Builder b = CodeBlock.builder().addStatement("$T entity = new $T()", type, type);
    for (ColumnModel c : table.columns()) {
      CodeBlock value = values.get(c.javaName());
      if (c.setter().method()) {
        b.addStatement("entity.$L($L)", c.setter().name(), value);
      } else {
        b.addStatement("entity.$L = $L", c.setter().name(), value);
      }
    }
    return b.addStatement("return entity").build();
  }
}
