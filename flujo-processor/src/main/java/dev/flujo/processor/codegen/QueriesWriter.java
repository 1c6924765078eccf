package dev.flujo.processor.codegen;

import static dev.flujo.processor.codegen.RuntimeTypes.ARRAY_LIST;
import static dev.flujo.processor.codegen.RuntimeTypes.BINDER;
import static dev.flujo.processor.codegen.RuntimeTypes.CODEC;
import static dev.flujo.processor.codegen.RuntimeTypes.DIALECT;
import static dev.flujo.processor.codegen.RuntimeTypes.LIST;
import static dev.flujo.processor.codegen.RuntimeTypes.OBJECTS;
import static dev.flujo.processor.codegen.RuntimeTypes.OPTIONAL;
import static dev.flujo.processor.codegen.RuntimeTypes.QUERY_SET;
import static dev.flujo.processor.codegen.RuntimeTypes.RESULT_SET;
import static dev.flujo.processor.codegen.RuntimeTypes.RETRY_POLICY;
import static dev.flujo.processor.codegen.RuntimeTypes.SQL_EXCEPTION;
import static dev.flujo.processor.codegen.RuntimeTypes.SESSION;
import static dev.flujo.processor.codegen.RuntimeTypes.SQL_STATEMENT;
import static dev.flujo.processor.codegen.RuntimeTypes.STATE_DATABASE;
import static dev.flujo.processor.codegen.RuntimeTypes.VALUES;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.Construction;
import dev.flujo.processor.model.ConverterModel;
import dev.flujo.processor.model.Names;
import dev.flujo.processor.model.QueryInterface;
import dev.flujo.processor.model.QueryMethod;
import dev.flujo.processor.model.QueryParameter;
import dev.flujo.processor.model.QueryPlan;
import dev.flujo.processor.model.QueryReturn.RowKind;
import dev.flujo.processor.model.QueryReturn.Shape;
import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.RetryModel;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Writes {@code <Interface>Impl}: one {@code SqlStatement} constant per method holding its SQL
 * with {@code ?} marks, its {@code @Query(postgres)} form if it has one, and the logical types it
 * binds and reads; and one method per query that binds parameters and reads result columns at
 * indexes fixed at compile time. Rows of the same type and layout share one reader method. A
 * method with a collection parameter has two statements: an {@code SqlTemplate} that expands
 * each {@code IN} list to marks on SQLite, and one statement binding each list as one array
 * ({@code = ANY(?)}) on PostgreSQL. {@code QUERIES} lists the statements PostgreSQL runs, which
 * the constructor hands to {@code Session.verify}.
 */
public final class QueriesWriter {
  private static final ClassName SQL_TEMPLATE = ClassName.get(RuntimeTypes.SPI, "SqlTemplate");
  private static final ClassName NO_SUCH_ELEMENT =
      ClassName.get("java.util", "NoSuchElementException");
  private static final Set<String> RESERVED =
      Set.of("statement", "row", "result", "index", "sql", "db", "session", "codec", "this");

  private final QueryInterface model;
  private final List<QueryPlan> plans;
  private final List<TableModel> tables;
  private final TableModel table;
  private final ClassName iface;
  private final ClassName impl;
  private final Map<String, String> converterFields = new LinkedHashMap<>();
  private final Map<String, ClassName> converterClasses = new LinkedHashMap<>();
  private final Map<String, String> readers = new HashMap<>();
  private final List<MethodSpec> readerMethods = new ArrayList<>();
  private final Set<String> constants = new HashSet<>();

  /**
   * Creates a writer for one interface and the plans of its methods.
   *
   * @param tables the tables its statements name, which its constructor requires of the database
   */
  public QueriesWriter(QueryInterface model, List<QueryPlan> plans, List<TableModel> tables) {
    this.model = model;
    this.plans = plans;
    this.tables = tables;
    this.table = model.table();
    this.iface = ClassName.get(model.element());
    this.impl = implName(iface);
  }

  /** The implementation's class name: {@code FooQueriesImpl} beside {@code FooQueries}. */
  public static ClassName implName(ClassName iface) {
    return RuntimeTypes.sibling(iface, "", "Impl");
  }

  /** Builds the source file. */
  public JavaFile write() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(impl)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(iface)
            .addOriginatingElement(model.element())
            .addAnnotation(
                RuntimeTypes.generated(iface))
            .addJavadoc(
                "Runs the queries of {@link $T} on table {@code $L}. Generated by Flujo; do not"
                    + " edit.\n",
                iface,
                table.tableName())
            .addField(
                FieldSpec.builder(
                        String.class, "TABLE_NAME", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$S", table.tableName())
                    .build());
    if (table.retry() != null) {
      type.addField(
          FieldSpec.builder(
                  RETRY_POLICY, "RETRY_POLICY", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("The {@code @DbRetry} policy of {@link $T}.\n", table.element())
              .initializer(RuntimeTypes.retryPolicy(table.retry()))
              .build());
    }

    constants.add("QUERIES");
    List<MethodSpec> methods = new ArrayList<>();
    List<CodeBlock> verified = new ArrayList<>();
    for (QueryPlan plan : plans) {
      String constant = constantName(plan.method());
      type.addField(statementField(plan, constant));
      String array = null;
      if (plan.dynamic()) {
        array = claimConstant(constant + "_ARRAY");
        type.addField(arrayStatementField(plan, array, constant));
      }
      verified.add(CodeBlock.of("$L", array != null ? array : constant));
      methods.add(method(plan, constant, array));
    }
    type.addField(
        FieldSpec.builder(QUERY_SET, "QUERIES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The statements of {@link $T} as PostgreSQL runs them, for {@code"
                    + " StateDatabase.Builder.queries}.\n",
                iface)
            .initializer(
                RuntimeTypes.call(
                    QUERY_SET,
                    "of",
                    prepend(CodeBlock.of("$S", iface.canonicalName()), verified)))
            .build());
    type.addField(SESSION, "session", Modifier.PRIVATE, Modifier.FINAL);
    type.addField(CODEC, "codec", Modifier.PRIVATE, Modifier.FINAL);
    for (Map.Entry<String, String> converter : converterFields.entrySet()) {
      ClassName converterClass = converterClasses.get(converter.getKey());
      type.addField(
          FieldSpec.builder(converterClass, converter.getValue(), Modifier.PRIVATE, Modifier.FINAL)
              .initializer("new $T()", converterClass)
              .build());
    }
    type.addMethod(constructor());
    type.addMethods(methods);
    type.addMethods(readerMethods);
    return JavaFile.builder(impl.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private String constantName(QueryMethod method) {
    String base = Names.snakeCase(method.name()).toUpperCase(Locale.ROOT);
    if (base.equals("TABLE_NAME") || base.equals("RETRY_POLICY")) {
      base = base + "_QUERY";
    }
    return claimConstant(base);
  }

  private String claimConstant(String base) {
    String name = base;
    for (int n = 2; !constants.add(name); n++) {
      name = base + "_" + n;
    }
    return name;
  }

  private static List<CodeBlock> prepend(CodeBlock first, List<CodeBlock> rest) {
    List<CodeBlock> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /**
   * {@code statement} followed by {@code .postgres(...)} when there is a PostgreSQL text, and
   * the declared parameter and result types.
   */
  private CodeBlock declared(
      CodeBlock statement, String postgres, QueryPlan plan, List<CodeBlock> parameters) {
    CodeBlock.Builder b = CodeBlock.builder().add("$L", statement).indent().indent();
    if (postgres != null) {
      b.add("\n.postgres($L)", RuntimeTypes.sqlText(postgres));
    }
    if (!plan.tables().isEmpty()
        && !plan.tables().equals(List.of(table.tableName().toLowerCase(java.util.Locale.ROOT)))) {
      List<CodeBlock> names = new ArrayList<>();
      for (String t : plan.tables()) {
        names.add(CodeBlock.of("$S", t));
      }
      b.add("\n$L", chained("reads", names));
    }
    b.add("\n$L", chained("parameters", parameters));
    List<CodeBlock> results = resultTypes(plan);
    if (results != null) {
      b.add("\n$L", chained("results", results));
    }
    return b.unindent().unindent().build();
  }

  /** {@code .method(args)}: on one line if it fits, else one argument per line. */
  private static CodeBlock chained(String method, List<CodeBlock> args) {
    CodeBlock oneLine = CodeBlock.of(".$L($L)", method, CodeBlock.join(args, ", "));
    if (oneLine.toString().replace(RuntimeTypes.RUNTIME + ".", "").length() <= 80) {
      return oneLine;
    }
    return CodeBlock.of(".$L(\n$>$>$L$<$<)", method, CodeBlock.join(args, ",\n"));
  }

  /** The logical type of each {@code ?} of the non-list parameters, lists as one array element type each. */
  private static List<CodeBlock> parameterTypes(QueryPlan plan, QuerySql sql) {
    List<CodeBlock> types = new ArrayList<>();
    for (QuerySql.Parameter occurrence : sql.parameters()) {
      types.add(RuntimeTypes.columnType(plan.binding(occurrence.name()).storage().columnType()));
    }
    return types;
  }

  /**
   * The logical type read at each result position up to the last one read (null where none is
   * read), or null when nothing is read by type: a write, or a {@code boolean} query, whose first
   * value is read as a truth value of any type.
   */
  private static List<CodeBlock> resultTypes(QueryPlan plan) {
    QueryPlan.Row row = plan.row();
    if (plan.write() || row == null || plan.method().returns().shape() == Shape.BOOLEAN) {
      return null;
    }
    int last = 0;
    for (QueryPlan.Field f : row.fields()) {
      last = Math.max(last, f.index());
    }
    String[] types = new String[last];
    for (QueryPlan.Field f : row.fields()) {
      ValueType type =
          f.entityColumn() != null ? f.entityColumn().valueType() : f.valueType();
      types[f.index() - 1] = type == null ? null : type.columnType();
    }
    List<CodeBlock> out = new ArrayList<>();
    for (String type : types) {
      out.add(RuntimeTypes.columnType(type));
    }
    return out.isEmpty() ? null : out;
  }

  private FieldSpec statementField(QueryPlan plan, String constant) {
    QuerySql sql = plan.sql();
    String operation = impl.simpleName() + "." + plan.method().name();
    CodeBlock columns = expectedColumns(plan);
    CodeBlock policy = table.retry() == null ? null : CodeBlock.of("RETRY_POLICY");
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("TABLE_NAME"));
    args.add(CodeBlock.of("$S", operation));
    if (!plan.dynamic()) {
      args.add(RuntimeTypes.sqlText(sql.jdbcSql()));
      if (policy != null) {
        args.add(policy);
      }
      if (!plan.write() && columns != null) {
        args.add(columns);
      }
      CodeBlock statement =
          RuntimeTypes.call(
              SQL_STATEMENT,
              plan.write() ? "write" : policy == null && columns != null ? "query" : "read",
              args);
      String postgres = plan.postgres() == null ? null : plan.postgres().jdbcSql();
      if (plan.method().lock() != null) {
        postgres = (postgres == null ? sql.jdbcSql() : postgres) + " " + plan.method().lock();
      }
      return FieldSpec.builder(SQL_STATEMENT, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(declared(statement, postgres, plan, parameterTypes(plan, sql)))
          .build();
    }
    if (policy != null) {
      args.add(policy);
    }
    if (!plan.write()) {
      args.add(columns == null ? CodeBlock.of("$T.of()", LIST) : columns);
    }
    for (String fragment : sql.fragments(name -> plan.binding(name).parameter().collection())) {
      args.add(RuntimeTypes.sqlText(fragment));
    }
    return FieldSpec.builder(SQL_TEMPLATE, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(
            RuntimeTypes.call(
                SQL_TEMPLATE,
                policy == null ? (plan.write() ? "update" : "query") : plan.write() ? "write" : "read",
                args))
        .build();
  }

  /**
   * The statement a method with collection parameters runs on PostgreSQL: its PostgreSQL form, or
   * else its SQL, with each {@code IN (:list)} written {@code = ANY(?)} and bound as one array.
   */
  private FieldSpec arrayStatementField(QueryPlan plan, String constant, String template) {
    QuerySql source = plan.postgres() != null ? plan.postgres() : plan.sql();
    String text = source.arraySql(name -> plan.binding(name).parameter().collection());
    if (plan.method().lock() != null) {
      text += " " + plan.method().lock();
    }
    CodeBlock columns = expectedColumns(plan);
    CodeBlock policy = table.retry() == null ? null : CodeBlock.of("RETRY_POLICY");
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("TABLE_NAME"));
    args.add(CodeBlock.of("$S", impl.simpleName() + "." + plan.method().name()));
    args.add(RuntimeTypes.sqlText(text));
    if (policy != null) {
      args.add(policy);
    }
    if (!plan.write() && columns != null) {
      args.add(columns);
    }
    CodeBlock statement =
        RuntimeTypes.call(
            SQL_STATEMENT,
            plan.write() ? "write" : policy == null && columns != null ? "query" : "read",
            args);
    return FieldSpec.builder(SQL_STATEMENT, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("{@link #$L} on PostgreSQL: each list bound as one array.\n", template)
        .initializer(declared(statement, null, plan, parameterTypes(plan, source)))
        .build();
  }

  /** The result labels read by position, up to the last one read, or null if only column 1 is. */
  private static CodeBlock expectedColumns(QueryPlan plan) {
    QueryPlan.Row row = plan.row();
    if (row == null || row.kind() == RowKind.SCALAR) {
      return null;
    }
    int last = 0;
    for (QueryPlan.Field f : row.fields()) {
      last = Math.max(last, f.index());
    }
    List<CodeBlock> labels = new ArrayList<>();
    for (int i = 0; i < last; i++) {
      labels.add(CodeBlock.of("$S", plan.resultColumns().get(i)));
    }
    return CodeBlock.of("$T.of($L)", LIST, CodeBlock.join(labels, ", "));
  }

  private MethodSpec constructor() {
    MethodSpec.Builder m =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "Creates the queries over {@code db}, which must have been opened with the tables"
                    + " they use.\n")
            .addParameter(STATE_DATABASE, "db");
    List<ClassName> daos = new ArrayList<>();
    for (TableModel t : tablesUsed()) {
      ClassName dao = DaoWriter.daoName(ClassName.get(t.element()));
      if (!daos.contains(dao)) {
        daos.add(dao);
      }
    }
    List<CodeBlock> tables = new ArrayList<>();
    for (ClassName dao : daos) {
      tables.add(CodeBlock.of("$T.TABLE", dao));
    }
    return m.addStatement(
            "this.session = $T.of($T.requireNonNull(db, $S), $L)",
            SESSION,
            OBJECTS,
            "db",
            CodeBlock.join(tables, ", "))
        .addStatement("this.codec = session.codec()")
        .addStatement("session.verify(QUERIES)")
        .build();
  }

  private List<TableModel> tablesUsed() {
    List<TableModel> used = new ArrayList<>();
    used.add(table);
    for (TableModel t : tables) {
      if (!used.contains(t)) {
        used.add(t);
      }
    }
    for (QueryPlan plan : plans) {
      if (plan.row() != null && plan.row().entity() != null && !used.contains(plan.row().entity())) {
        used.add(plan.row().entity());
      }
    }
    return used;
  }

  // ---- methods ----

  private MethodSpec method(QueryPlan plan, String constant, String array) {
    QueryMethod method = plan.method();
    Scope scope = new Scope();
    Map<String, String> names = new HashMap<>();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.get(method.returns().type()));
    for (QueryParameter p : method.parameters()) {
      String name = scope.parameter(p.name());
      names.put(p.name(), name);
      m.addParameter(TypeName.get(p.type()), name);
    }
    for (QueryParameter p : method.parameters()) {
      if (!p.primitive() && !p.nullable() && !p.collection()) {
        m.addStatement("$T.requireNonNull($L, $S)", OBJECTS, names.get(p.name()), p.name());
      }
    }

    CodeBlock statementRef = CodeBlock.of("$L", constant);
    Map<String, String> lists = new LinkedHashMap<>();
    String postgres = null;
    if (plan.dynamic()) {
      List<CodeBlock> sizes = new ArrayList<>();
      for (QuerySql.Parameter occurrence : plan.sql().parameters()) {
        QueryPlan.Binding b = plan.binding(occurrence.name());
        if (!b.parameter().collection()) {
          continue;
        }
        String values = lists.get(occurrence.name());
        if (values == null) {
          values = scope.claim(names.get(occurrence.name()) + "Values");
          lists.put(occurrence.name(), values);
          m.addStatement(
              "$T $L = $T.elements($L, $S)",
              ParameterizedTypeName.get(LIST, TypeName.get(b.parameter().valueJavaType()).box()),
              values,
              SQL_TEMPLATE,
              names.get(occurrence.name()),
              occurrence.name());
        }
        sizes.add(CodeBlock.of("$L.size()", values));
      }
      postgres = scope.claim("postgres");
      m.addStatement("boolean $L = session.dialect() == $T.POSTGRESQL", postgres, DIALECT);
      String sql = scope.claim("sql");
      m.addStatement(
          "$T $L = $L ? $L : $L.expand($L)",
          SQL_STATEMENT,
          sql,
          postgres,
          array,
          constant,
          CodeBlock.join(sizes, ", "));
      statementRef = CodeBlock.of("$L", sql);
    }

    CodeBlock bind = bindings(plan, names, lists, scope, postgres);
    Shape shape = method.returns().shape();
    if (plan.write()) {
      CodeBlock result;
      switch (shape) {
        case LONG:
          result = CodeBlock.of("(long) statement.executeUpdate()");
          break;
        case BOOLEAN:
          result = CodeBlock.of("statement.executeUpdate() > 0");
          break;
        default:
          result = CodeBlock.of("statement.executeUpdate()");
      }
      m.addCode(
          "$Lsession.execute($L, statement -> {\n$>$Lreturn $L;\n$<});\n",
          shape == Shape.VOID ? "" : "return ",
          statementRef,
          bind,
          result);
      return m.build();
    }
    if (shape == Shape.STREAM) {
      CodeBlock binder =
          bind.isEmpty()
              ? CodeBlock.of("$T.NONE", BINDER)
              : CodeBlock.of("statement -> {\n$>$L$<}", bind);
      m.addCode("return session.stream($L, $L, $L);\n", statementRef, binder, mapper(plan));
      return m.build();
    }
    CodeBlock execute =
        CodeBlock.of(
            "session.execute($L, statement -> {\n$>$L"
                + "try ($T row = statement.executeQuery()) {\n$>$L$<}\n"
                + "$<})",
            statementRef,
            bind,
            RESULT_SET,
            readRows(plan));
    if (plan.method().lock() != null) {
      m.addCode(
          "return session.locked($L, () -> $L);\n",
          table.retry() == null ? "null" : "RETRY_POLICY",
          execute);
    } else {
      m.addCode("return $L;\n", execute);
    }
    return m.build();
  }

  private CodeBlock readRows(QueryPlan plan) {
    QueryMethod method = plan.method();
    Shape shape = method.returns().shape();
    CodeBlock.Builder b = CodeBlock.builder();
    switch (shape) {
      case LIST:
        TypeName element = TypeName.get(plan.row().type()).box();
        return b.addStatement(
                "$T<$T> result = new $T<>()", LIST, element, ARRAY_LIST)
            .beginControlFlow("while (row.next())")
            .addStatement("result.add($L)", readRow(plan))
            .endControlFlow()
            .addStatement("return result")
            .build();
      case OPTIONAL:
        return b.addStatement(
                "return row.next() ? $T.$L($L) : $T.empty()",
                OPTIONAL,
                plan.row().kind() == RowKind.SCALAR ? "ofNullable" : "of",
                readRow(plan),
                OPTIONAL)
            .build();
      case BOOLEAN:
        return b.addStatement("return row.next() && row.getBoolean(1)").build();
      default:
        return b.beginControlFlow("if (!row.next())")
            .addStatement(
                "throw new $T($S)",
                NO_SUCH_ELEMENT,
                impl.simpleName() + "." + method.name() + ": the query returned no row")
            .endControlFlow()
            .addStatement("return $L", readRow(plan))
            .build();
    }
  }

  private CodeBlock mapper(QueryPlan plan) {
    if (plan.row().kind() == RowKind.SCALAR) {
      return CodeBlock.of("row -> $L", readRow(plan));
    }
    return CodeBlock.of("this::$L", reader(plan.row()));
  }

  private CodeBlock readRow(QueryPlan plan) {
    QueryPlan.Row row = plan.row();
    if (row.kind() == RowKind.SCALAR) {
      return readField(row.fields().get(0));
    }
    return CodeBlock.of("$L(row)", reader(row));
  }

  // ---- binding ----

  /**
   * The statements binding every parameter occurrence in order; {@code postgres} names the local
   * that says whether lists bind as arrays (null when there are no lists).
   */
  private CodeBlock bindings(
      QueryPlan plan,
      Map<String, String> names,
      Map<String, String> lists,
      Scope scope,
      String postgres) {
    CodeBlock.Builder b = CodeBlock.builder();
    List<QuerySql.Parameter> occurrences = plan.sql().parameters();
    boolean dynamic = plan.dynamic();
    if (dynamic && !occurrences.isEmpty()) {
      b.addStatement("int index = 1");
    }
    int position = 1;
    for (QuerySql.Parameter occurrence : occurrences) {
      QueryPlan.Binding binding = plan.binding(occurrence.name());
      QueryParameter p = binding.parameter();
      if (p.collection()) {
        String values = lists.get(occurrence.name());
        String i = scope.claim("i");
        String n = scope.claim("n");
        String item = scope.claim(names.get(p.name()) + "Item");
        b.beginControlFlow("if ($L)", postgres)
            .add(arrayBinding(binding, values, scope))
            .nextControlFlow("else");
        b.beginControlFlow(
                "for (int $L = 0, $L = $T.placeholders($L.size()); $L < $L; $L++)",
                i,
                n,
                SQL_TEMPLATE,
                values,
                i,
                n,
                i)
            .addStatement(
                "$T $L = $L.get(Math.min($L, $L.size() - 1))",
                TypeName.get(p.valueJavaType()),
                item,
                values,
                i,
                values)
            .add(bindValue(binding, CodeBlock.of("$L", item), CodeBlock.of("index++"), false, scope))
            .endControlFlow()
            .endControlFlow();
        continue;
      }
      CodeBlock index = dynamic ? CodeBlock.of("index++") : CodeBlock.of("$L", position++);
      b.add(
          bindValue(
              binding,
              CodeBlock.of("$L", names.get(p.name())),
              index,
              p.nullable() && !p.primitive(),
              scope));
    }
    return b.build();
  }

  /**
   * Binds a list's elements as one array: directly when the codec can take them as they are,
   * else first converted to the stored values (a converter's, or a {@code Duration}'s
   * microseconds).
   */
  private CodeBlock arrayBinding(QueryPlan.Binding binding, String values, Scope scope) {
    CodeBlock type = RuntimeTypes.columnType(binding.storage().columnType());
    ConverterModel converter = binding.converter();
    CodeBlock.Builder b = CodeBlock.builder();
    if (converter == null && binding.storage() != ValueType.DURATION) {
      return b.addStatement("codec.setArray(statement, index++, $L, $L)", type, values).build();
    }
    String name = binding.parameter().name();
    String stored = scope.claim(values + "Stored");
    String element = scope.claim(name + "Element");
    TypeName storedType =
        converter != null ? TypeName.get(converter.columnType()).box() : TypeName.LONG.box();
    CodeBlock convert =
        converter != null
            ? CodeBlock.of(
                "$T.toColumn(this.$L, $L, TABLE_NAME, $S)",
                VALUES,
                converterField(converter),
                element,
                name)
            : CodeBlock.of("$T.toMicros($L, TABLE_NAME, $S)", VALUES, element, name);
    return b.addStatement(
            "$T<$T> $L = new $T<>($L.size())", LIST, storedType, stored, ARRAY_LIST, values)
        .beginControlFlow(
            "for ($T $L : $L)", TypeName.get(binding.parameter().valueJavaType()), element, values)
        .addStatement("$L.add($L)", stored, convert)
        .endControlFlow()
        .addStatement("codec.setArray(statement, index++, $L, $L)", type, stored)
        .build();
  }

  private CodeBlock bindValue(
      QueryPlan.Binding binding, CodeBlock value, CodeBlock index, boolean nullable, Scope scope) {
    String name = binding.parameter().name();
    CodeBlock table = CodeBlock.of("TABLE_NAME");
    CodeBlock.Builder b = CodeBlock.builder();
    ConverterModel converter = binding.converter();
    if (converter != null) {
      String stored = scope.claim(name + "Column");
      b.addStatement(
          "$T $L = $T.toColumn(this.$L, $L, TABLE_NAME, $S)",
          TypeName.get(converter.columnType()),
          stored,
          VALUES,
          converterField(converter),
          value,
          name);
      value = CodeBlock.of("$L", stored);
      nullable = true;
    }
    CodeBlock set = ColumnCodec.setter(binding.storage(), value, index, table, name);
    if (!nullable) {
      return b.addStatement(set).build();
    }
    return b.addStatement(ColumnCodec.nullableSetter(binding.storage(), value, index, table, name))
        .build();
  }

  // ---- reading rows ----

  private CodeBlock readField(QueryPlan.Field field) {
    CodeBlock tableName =
        field.table() == null || field.table().equalsIgnoreCase(table.tableName())
            ? CodeBlock.of("TABLE_NAME")
            : CodeBlock.of("$S", field.table());
    if (field.entityColumn() != null) {
      ConverterModel converter = field.entityColumn().converter();
      CodeBlock converterRef =
          converter == null ? null : CodeBlock.of("this.$L", converterField(converter));
      return ColumnCodec.read(field.entityColumn(), field.index(), tableName, converterRef);
    }
    ConverterModel converter = field.converter();
    if (converter == null) {
      return ColumnCodec.readValue(
          field.valueType(), field.javaType(), field.notNull(), field.index(), tableName, field.column());
    }
    CodeBlock stored =
        ColumnCodec.readValue(
            field.valueType(), converter.columnType(), false, field.index(), tableName, field.column());
    return CodeBlock.of(
        "$T.$L(this.$L, $L, $L, $S)",
        VALUES,
        field.notNull() ? "fromColumnNotNull" : "fromColumn",
        converterField(converter),
        stored,
        tableName,
        field.column());
  }

  /** The name of the reader method for a row layout, writing it on first use. */
  private String reader(QueryPlan.Row row) {
    TypeName type = TypeName.get(row.type());
    CodeBlock body = row.kind() == RowKind.ENTITY ? readEntity(row) : readProjection(row);
    String key = type + "\n" + body;
    String name = readers.get(key);
    if (name != null) {
      return name;
    }
    TypeElement element =
        row.kind() == RowKind.ENTITY ? row.entity().element() : row.projection().element();
    String base = "read" + element.getSimpleName();
    name = base;
    for (int n = 2; readers.containsValue(name); n++) {
      name = base + n;
    }
    readers.put(key, name);
    readerMethods.add(
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE)
            .returns(type)
            .addParameter(RESULT_SET, "row")
            .addException(SQL_EXCEPTION)
            .addCode(body)
            .build());
    return name;
  }

  private CodeBlock readEntity(QueryPlan.Row row) {
    Map<String, CodeBlock> values = new LinkedHashMap<>();
    for (QueryPlan.Field field : row.fields()) {
      values.put(field.entityColumn().javaName(), readField(field));
    }
    return EntityReader.body(row.entity(), values);
  }

  private CodeBlock readProjection(QueryPlan.Row row) {
    List<CodeBlock> args = new ArrayList<>();
    for (QueryPlan.Field field : row.fields()) {
      args.add(readField(field));
    }
    return CodeBlock.of(
        "return new $T(\n$>$>$L$<$<);\n", TypeName.get(row.type()), CodeBlock.join(args, ",\n"));
  }

  private String converterField(ConverterModel converter) {
    String key = converter.converter().getQualifiedName().toString();
    String field = converterFields.get(key);
    if (field == null) {
      String simple = converter.converter().getSimpleName().toString();
      String base = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
      field = base;
      for (int n = 2; converterFields.containsValue(field); n++) {
        field = base + n;
      }
      converterFields.put(key, field);
      converterClasses.put(key, ClassName.get(converter.converter()));
    }
    return field;
  }

  /**
   * Names of one generated method: parameters (kept as declared unless they would hide a name the
   * generated code uses) and locals, never clashing.
   */
  private static final class Scope {
    private final Set<String> taken = new HashSet<>();

    String parameter(String wanted) {
      String name = wanted;
      for (int n = 2; RESERVED.contains(name) || !taken.add(name); n++) {
        name = wanted + n;
      }
      return name;
    }

    String claim(String wanted) {
      String name = wanted;
      for (int n = 2; !taken.add(name); n++) {
        name = wanted + n;
      }
      return name;
    }
  }
}
