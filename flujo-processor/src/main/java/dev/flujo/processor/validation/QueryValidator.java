package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.ColumnModel;
import dev.flujo.processor.model.ConverterModel;
import dev.flujo.processor.model.QueryInterface;
import dev.flujo.processor.model.QueryMethod;
import dev.flujo.processor.model.QueryParameter;
import dev.flujo.processor.model.QueryPlan;
import dev.flujo.processor.model.QueryReturn;
import dev.flujo.processor.model.QueryReturn.RowKind;
import dev.flujo.processor.model.QueryReturn.Shape;
import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.ValueType;
import dev.flujo.processor.sql.QuerySchema;
import dev.flujo.processor.sql.StarExpansion;
import dev.flujo.processor.sql.QuerySchema.Analysis;
import dev.flujo.processor.sql.QuerySchema.ResultColumn;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Checks a {@link QueryInterface}: each method's signature, then its statement as SQLite compiles
 * it against the schema, then that the parameters and result columns fit the Java types. Produces
 * a {@link QueryPlan} per method; code is written only when the report has no errors.
 */
public final class QueryValidator {
  private static final Set<String> STATEMENTS =
      Set.of("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE");

  private final Types types;

  /** Creates a validator. */
  public QueryValidator(Types types) {
    this.types = types;
  }

  /**
   * The outcome of checking one interface.
   *
   * @param plans one per method that passed every check
   * @param missingTable whether some statement read a table the schema does not have (yet)
   * @param readsFailedTable whether some statement reads the table of a {@code @StateTable} type
   *     that had errors: nothing is reported for it (the type's errors say what to fix) and
   *     nothing may be written
   */
  public record Result(List<QueryPlan> plans, boolean missingTable, boolean readsFailedTable) {}

  /** Checks that the annotated element can carry queries at all, before it is read. */
  public static boolean checkShape(TypeElement type, ValidationReport report) {
    String name = type.getQualifiedName().toString();
    if (type.getKind() != ElementKind.INTERFACE) {
      report.error(
          String.format(Errors.QUERIES_KIND, type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ')),
          type,
          Annotations.find(type, Annotations.STATE_QUERIES));
      return false;
    }
    boolean ok = true;
    if (!type.getTypeParameters().isEmpty()) {
      report.error(String.format(Errors.QUERIES_GENERIC, name), type);
      ok = false;
    }
    boolean hidden =
        type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS;
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      hidden |= e.getModifiers().contains(Modifier.PRIVATE);
    }
    if (hidden) {
      report.error(String.format(Errors.QUERIES_PRIVATE, name), type);
      ok = false;
    }
    return ok;
  }

  /**
   * Checks every method.
   *
   * @param tableByName the table with an SQL name (case-insensitive), or null
   * @param failedTable whether an SQL name is the table of a type that had errors of its own
   */
  public Result validate(
      QueryInterface model,
      QuerySchema schema,
      Function<String, TableModel> tableByName,
      Predicate<String> failedTable,
      ValidationReport report)
      throws SQLException {
    for (ExecutableElement method : model.withoutQuery()) {
      report.error(String.format(Errors.QUERY_MISSING, method.getSimpleName()), method);
    }
    for (ExecutableElement method : model.queryWithBody()) {
      report.error(
          String.format(Errors.QUERY_WITH_BODY, method.getSimpleName()),
          method,
          Annotations.find(method, Annotations.QUERY));
    }
    List<QueryPlan> plans = new ArrayList<>();
    boolean missingTable = false;
    boolean readsFailedTable = false;
    for (QueryMethod method : model.methods()) {
      MethodCheck check = new MethodCheck(model, method, tableByName, failedTable, report);
      QueryPlan plan = check.run(schema);
      missingTable |= check.missingTable;
      readsFailedTable |= check.readsFailedTable;
      if (plan != null) {
        plans.add(plan);
      }
    }
    return new Result(plans, missingTable, readsFailedTable);
  }

  /** The checks of one method, sharing what they learn. */
  private final class MethodCheck {
    private final QueryInterface model;
    private final QueryMethod method;
    private final Function<String, TableModel> tableByName;
    private final Predicate<String> failedTable;
    private final ValidationReport report;
    private final ExecutableElement element;
    private boolean failed;
    private boolean missingTable;
    private boolean readsFailedTable;

    MethodCheck(
        QueryInterface model,
        QueryMethod method,
        Function<String, TableModel> tableByName,
        Predicate<String> failedTable,
        ValidationReport report) {
      this.model = model;
      this.method = method;
      this.tableByName = tableByName;
      this.failedTable = failedTable;
      this.report = report;
      this.element = method.element();
    }

    private void error(String text) {
      report.error(text, element);
      failed = true;
    }

    private void sqlError(String text) {
      AnnotationValue value = Annotations.explicitValue(method.annotation(), "value");
      report.error(text, element, method.annotation(), value);
      failed = true;
    }

    private void postgresError(String text) {
      AnnotationValue value = Annotations.explicitValue(method.annotation(), "postgres");
      report.error(text, element, method.annotation(), value);
      failed = true;
    }

    QueryPlan run(QuerySchema schema) throws SQLException {
      if (!element.getTypeParameters().isEmpty()) {
        error(String.format(Errors.QUERY_GENERIC_METHOD, method.name()));
        return null;
      }
      QuerySql written = method.sql();
      if (!checkText(written)) {
        return null;
      }
      StarExpansion.Result stars = new StarExpansion(this::columnNames).expand(written);
      if (!stars.unexpandable().isEmpty()) {
        sqlError(Errors.QUERY_STAR_UNEXPANDABLE);
        return null;
      }
      QuerySql sql = stars.sql();
      checkParameterNames(sql);
      List<QueryPlan.Binding> bindings = new ArrayList<>();
      for (QueryParameter parameter : method.parameters()) {
        QueryPlan.Binding binding = binding(parameter, sql);
        if (binding != null) {
          bindings.add(binding);
        }
      }
      boolean returnSupported = checkReturnTypeSupported();
      Analysis analysis = schema.analyze(written.jdbcSql());
      if (analysis.error() != null) {
        String missing = analysis.missingTable() ? missingTableName(analysis.error()) : null;
        if (missing != null && failedTable.test(missing)) {
          readsFailedTable = true;
          return null;
        }
        missingTable = analysis.missingTable();
        sqlError(
            String.format(Errors.QUERY_SQLITE_ERROR, analysis.error())
                + (analysis.missingTable() ? Errors.QUERY_TABLE_HINT : ""));
        return null;
      }
      if (stars.changed(written)) {
        Analysis expanded = schema.analyze(sql.jdbcSql());
        if (expanded.error() != null || !expanded.columns().equals(analysis.columns())) {
          sqlError(Errors.QUERY_STAR_UNEXPANDABLE);
          return null;
        }
      }
      Map<String, String> aliases = sql.tableAliases();
      for (Map.Entry<String, String> use :
          DecimalComparisons.find(sql, ref -> resolve(ref, aliases)).entrySet()) {
        sqlError(String.format(Errors.QUERY_DECIMAL_ORDERED, use.getKey(), use.getValue()));
      }
      if (failed) {
        return null;
      }
      String keyword = sql.firstKeyword();
      if (!STATEMENTS.contains(keyword)) {
        String first = keyword.isEmpty() ? sql.tokens().get(0).text() : keyword;
        sqlError(String.format(Errors.QUERY_NOT_DML, first));
        return null;
      }
      if (analysis.parameters() != sql.parameters().size()) {
        throw new IllegalStateException(
            "SQLite counted "
                + analysis.parameters()
                + " parameters in "
                + sql.jdbcSql()
                + ", the processor "
                + sql.parameters().size());
      }
      QuerySql postgres = null;
      if (method.postgres() != null) {
        postgres = checkPostgres(method.postgres(), sql, analysis);
        if (postgres == null) {
          return null;
        }
      }
      if (method.lock() != null && !checkLock(keyword, analysis, postgres)) {
        return null;
      }
      if (!returnSupported) {
        return null;
      }
      ResultPlanner planner = new ResultPlanner(types, model, method, tableByName, report);
      QueryPlan.Row row = planner.row(analysis);
      if (failed || planner.failed()) {
        return null;
      }
      List<String> labels = new ArrayList<>();
      for (ResultColumn column : analysis.columns()) {
        labels.add(column.label());
      }
      return new QueryPlan(
          method, sql, postgres, analysis.write(), bindings, labels, row, analysis.tables());
    }

    /**
     * Checks a {@code @Query(lock)}: a plain {@code SELECT}, not returned as a stream, whose
     * PostgreSQL form does not lock rows itself.
     */
    private boolean checkLock(String keyword, Analysis analysis, QuerySql postgres) {
      AnnotationValue lock = Annotations.explicitValue(method.annotation(), "lock");
      if (analysis.write() || !keyword.equals("SELECT")) {
        report.error(
            String.format(Errors.QUERY_LOCK_NOT_SELECT, keyword), element, method.annotation(), lock);
        return false;
      }
      if (method.returns().shape() == QueryReturn.Shape.STREAM) {
        report.error(Errors.QUERY_LOCK_STREAM, element, method.annotation(), lock);
        return false;
      }
      if (postgres != null) {
        for (QuerySql.Token token : postgres.tokens()) {
          if (token.text().equalsIgnoreCase("FOR")) {
            postgresError(String.format(Errors.QUERY_LOCK_WRITTEN, method.lock()));
            return false;
          }
        }
      }
      return true;
    }

    /**
     * Checks the {@code @Query(postgres)} form against the SQLite form, as far as that can be done
     * without a server: one statement, parameters by name, the same parameters in the same order,
     * reading or writing like the SQLite form, and for a plain {@code SELECT} the same number of
     * result columns with the same labels where the text names them. Returns it with {@code *}
     * expanded, or null after reporting.
     */
    private QuerySql checkPostgres(QuerySql written, QuerySql sqlite, Analysis analysis) {
      if (written.isEmpty()) {
        postgresError(Errors.QUERY_EMPTY);
        return null;
      }
      if (written.hasSeveralStatements()) {
        postgresError(Errors.QUERY_SEVERAL_STATEMENTS);
        return null;
      }
      for (String foreign : written.foreignParameters()) {
        postgresError(String.format(Errors.QUERY_FOREIGN_PARAMETER, foreign));
      }
      if (failed) {
        return null;
      }
      StarExpansion.Result stars = new StarExpansion(this::columnNames).expand(written);
      if (!stars.unexpandable().isEmpty()) {
        postgresError(Errors.QUERY_STAR_UNEXPANDABLE);
        return null;
      }
      QuerySql postgres = stars.sql();
      String keyword = postgres.firstKeyword();
      if (!STATEMENTS.contains(keyword)) {
        String first = keyword.isEmpty() ? postgres.tokens().get(0).text() : keyword;
        postgresError(String.format(Errors.QUERY_NOT_DML, first));
        return null;
      }
      boolean reads = keyword.equals("SELECT") || keyword.equals("VALUES");
      boolean writes = !reads && !keyword.equals("WITH");
      if (analysis.write() ? reads : writes) {
        postgresError(
            String.format(
                Errors.QUERY_POSTGRES_KIND,
                reads ? "reads" : "writes",
                analysis.write() ? "writes" : "reads"));
        return null;
      }
      List<String> expected = parameterNames(sqlite);
      List<String> actual = parameterNames(postgres);
      if (!expected.equals(actual)) {
        postgresError(
            String.format(
                Errors.QUERY_POSTGRES_PARAMETERS, listed(actual), listed(expected)));
        return null;
      }
      List<String> labels = analysis.write() ? null : postgres.selectLabels();
      if (labels == null) {
        return postgres;
      }
      List<String> sqliteLabels = new ArrayList<>();
      for (ResultColumn column : analysis.columns()) {
        sqliteLabels.add(column.label());
      }
      if (labels.size() != sqliteLabels.size()) {
        postgresError(
            String.format(
                Errors.QUERY_POSTGRES_COLUMNS,
                labels.size(),
                sqliteLabels.size(),
                String.join(", ", sqliteLabels)));
        return null;
      }
      for (int i = 0; i < labels.size(); i++) {
        String label = labels.get(i);
        if (label != null && !label.equalsIgnoreCase(sqliteLabels.get(i))) {
          postgresError(
              String.format(Errors.QUERY_POSTGRES_LABEL, i + 1, label, sqliteLabels.get(i)));
          return null;
        }
      }
      return postgres;
    }

    private static List<String> parameterNames(QuerySql sql) {
      List<String> names = new ArrayList<>();
      for (QuerySql.Parameter p : sql.parameters()) {
        names.add(p.name());
      }
      return names;
    }

    private static String listed(List<String> names) {
      if (names.isEmpty()) {
        return "no parameters";
      }
      List<String> marked = new ArrayList<>();
      for (String name : names) {
        marked.add(":" + name);
      }
      return String.join(", ", marked);
    }

    /** The table SQLite's "no such table: [schema.]name" names, without its schema. */
    private String missingTableName(String error) {
      String name = error.substring(error.indexOf(':') + 1).trim();
      return name.substring(name.indexOf('.') + 1);
    }

    /** The column names of a known table, in declaration order; null for any other name. */
    private List<String> columnNames(String table) {
      TableModel t = tableByName.apply(table);
      if (t == null) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (ColumnModel column : t.columns()) {
        names.add(column.columnName());
      }
      return names;
    }

    private boolean checkText(QuerySql sql) {
      if (sql.isEmpty()) {
        sqlError(Errors.QUERY_EMPTY);
        return false;
      }
      if (sql.hasSeveralStatements()) {
        sqlError(Errors.QUERY_SEVERAL_STATEMENTS);
        return false;
      }
      for (String foreign : sql.foreignParameters()) {
        sqlError(String.format(Errors.QUERY_FOREIGN_PARAMETER, foreign));
      }
      return !failed;
    }

    private void checkParameterNames(QuerySql sql) {
      Set<String> used = new HashSet<>();
      Set<String> reported = new HashSet<>();
      List<String> names = new ArrayList<>();
      for (QueryParameter p : method.parameters()) {
        names.add(p.name());
      }
      for (QuerySql.Parameter occurrence : sql.parameters()) {
        String name = occurrence.name();
        used.add(name);
        if (method.parameter(name) == null && reported.add(name)) {
          String suggestion = Suggestions.closest(name, names);
          sqlError(
              String.format(
                  Errors.QUERY_UNKNOWN_PARAMETER,
                  name,
                  suggestion == null ? "" : String.format(Errors.DID_YOU_MEAN, suggestion),
                  names.isEmpty() ? "none" : names));
        }
      }
      for (QueryParameter p : method.parameters()) {
        if (!used.contains(p.name())) {
          error(String.format(Errors.QUERY_UNUSED_PARAMETER, p.name()));
        }
      }
    }

    private QueryPlan.Binding binding(QueryParameter parameter, QuerySql sql) {
      if (parameter.primitive() && parameter.nullable()) {
        error(String.format(Errors.QUERY_NULLABLE_PRIMITIVE, parameter.name()));
        return null;
      }
      List<QuerySql.Parameter> occurrences = new ArrayList<>();
      for (QuerySql.Parameter occurrence : sql.parameters()) {
        if (occurrence.name().equals(parameter.name())) {
          occurrences.add(occurrence);
        }
      }
      if (parameter.collection()) {
        for (QuerySql.Parameter occurrence : occurrences) {
          if (!occurrence.inList()) {
            error(String.format(Errors.QUERY_COLLECTION_NOT_IN_LIST, parameter.name()));
            return null;
          }
        }
      }
      TypeMirror value = parameter.valueJavaType();
      if (value != null && parameter.valueType() != null) {
        return new QueryPlan.Binding(parameter, parameter.valueType(), value, null);
      }
      if (value != null && value.getKind() == TypeKind.DECLARED) {
        for (QuerySql.Parameter occurrence : occurrences) {
          ColumnModel column = resolve(sql.comparedColumn(occurrence), sql.tableAliases());
          ConverterModel converter = column == null ? null : column.converter();
          if (converter == null || converter.javaType() == null || converter.storage() == null) {
            continue;
          }
          if (!types.isSameType(types.erasure(converter.javaType()), types.erasure(value))) {
            error(
                String.format(
                    Errors.QUERY_PARAMETER_CONVERTER,
                    parameter.name(),
                    converter.converter().getQualifiedName(),
                    converter.javaType()));
            return null;
          }
          return new QueryPlan.Binding(
              parameter, converter.storage(), converter.columnType(), converter);
        }
      }
      error(
          String.format(
              Errors.QUERY_PARAMETER_TYPE,
              parameter.name(),
              parameter.type(),
              ValueType.supportedList()));
      return null;
    }

    /** The column a reference names, among the tables the statement mentions; or null. */
    private ColumnModel resolve(QuerySql.ColumnRef ref, Map<String, String> aliases) {
      if (ref == null) {
        return null;
      }
      List<TableModel> candidates = new ArrayList<>();
      if (ref.qualifier() != null) {
        String table = aliases.get(ref.qualifier().toLowerCase(Locale.ROOT));
        TableModel t = tableByName.apply(table != null ? table : ref.qualifier());
        if (t != null) {
          candidates.add(t);
        }
      } else {
        if (model.table() != null) {
          candidates.add(model.table());
        }
        for (String table : new LinkedHashSet<>(aliases.values())) {
          TableModel t = tableByName.apply(table);
          if (t != null && !candidates.contains(t)) {
            candidates.add(t);
          }
        }
      }
      for (TableModel t : candidates) {
        if (ref.column() == null) {
          if (ref.position() >= 0 && ref.position() < t.columns().size()) {
            return t.columns().get(ref.position());
          }
          continue;
        }
        ColumnModel column = t.column(ref.column());
        if (column != null) {
          return column;
        }
      }
      return null;
    }

    private boolean checkReturnTypeSupported() {
      QueryReturn returns = method.returns();
      if (returns.rowKind() == RowKind.PROJECTION && returns.projection().components().isEmpty()) {
        error(String.format(Errors.QUERY_EMPTY_RECORD, returns.rowType()));
        return false;
      }
      if (returns.shape() == Shape.UNSUPPORTED) {
        error(String.format(Errors.QUERY_RETURN_TYPE, returns.type(), ValueType.supportedList()));
        return false;
      }
      return true;
    }

  }
}
