package dev.flujo.processor.steps;

import dev.flujo.processor.codegen.DaoWriter;
import dev.flujo.processor.codegen.QueriesWriter;
import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.QueryInterface;
import dev.flujo.processor.model.QueryPlan;
import dev.flujo.processor.model.QueryReader;
import dev.flujo.processor.model.QuerySql;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.TableReader;
import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.sql.QuerySchema;
import dev.flujo.processor.validation.QueryValidator;
import dev.flujo.processor.validation.TableValidator;
import dev.flujo.processor.validation.ValidationReport;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code @StateQueries}: reads each interface, checks every statement on an in-memory SQLite
 * database holding the schema of every table of the compilation, and writes its implementation.
 * Runs after {@link TableStep}, so this round's tables are known. An interface whose statements
 * name a table not created yet, or whose entity's DAO is not generated yet, waits for a later
 * round. The database is closed when processing is over.
 */
public final class QueriesStep implements ProcessingStep {
  private final ProcessingContext context;
  private final TableReader tableReader;
  private final QueryReader reader;
  private final QueryValidator validator;
  private final QuerySchema schema = new QuerySchema();
  private final Map<String, TableModel> classpathTables = new LinkedHashMap<>();
  private final Deferral deferred;

  /** Creates the step. */
  public QueriesStep(ProcessingContext context) {
    this.context = context;
    this.deferred = new Deferral(context);
    this.tableReader = new TableReader(context.elements(), context.types());
    this.reader =
        new QueryReader(context.elements(), context.types(), tableReader, this::tableOf);
    this.validator = new QueryValidator(context.types());
  }

  @Override
  public Set<String> annotations() {
    return Set.of(Annotations.STATE_QUERIES);
  }

  @Override
  public void process(RoundEnvironment round) {
    List<TypeElement> types = deferred.take();
    TypeElement annotation = context.elements().getTypeElement(Annotations.STATE_QUERIES);
    if (annotation != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation))) {
        if (!types.contains(type)) {
          types.add(type);
        }
      }
    }
    boolean last = round.processingOver();
    for (TypeElement type : types) {
      try {
        if (!last && MissingTypes.in(type)) {
          deferred.add(type);
        } else if (!processType(type, last)) {
          deferred.add(type);
        }
      } catch (RuntimeException | Error | SQLException e) {
        context.internalError(type, e);
      }
    }
  }

  @Override
  public void finish() {
    deferred.reportRemaining();
    try {
      schema.close();
    } catch (SQLException e) {
      context
          .messager()
          .printMessage(Diagnostic.Kind.WARNING, "Flujo could not close its query-checking database: " + e);
    }
  }

  /** Handles one interface; returns false if it must wait for a later round. */
  private boolean processType(TypeElement type, boolean last) throws SQLException {
    ValidationReport report = new ValidationReport();
    if (!QueryValidator.checkShape(type, report)) {
      report.printTo(context.messager(), context.trees());
      return true;
    }
    AnnotationMirror annotation = Annotations.find(type, Annotations.STATE_QUERIES);
    TypeMirror entityType = Annotations.type(context.elements(), annotation, "value");
    TypeElement entity =
        entityType != null && entityType.getKind() == TypeKind.DECLARED
            ? (TypeElement) context.types().asElement(entityType)
            : null;
    if (entity == null || Annotations.find(entity, Annotations.STATE_TABLE) == null) {
      report.error(
          String.format(Errors.QUERIES_NOT_A_TABLE, entityType),
          type,
          annotation,
          Annotations.explicitValue(annotation, "value"));
      report.printTo(context.messager(), context.trees());
      return true;
    }
    if (context.tables().failed(entity)) {
      return true;
    }
    if (tableOf(entity) == null) {
      if (!last) {
        return false;
      }
      if (isValid(entity)) {
        report.error(
            String.format(Errors.QUERIES_TABLE_NOT_GENERATED, entity.getQualifiedName()),
            type,
            annotation);
      }
      report.printTo(context.messager(), context.trees());
      return true;
    }

    QueryInterface model = reader.read(type);
    List<TableModel> all = new ArrayList<>(context.tables().all());
    all.addAll(classpathTables.values());
    schema.ensure(all);
    QueryValidator.Result result =
        validator.validate(
            model, schema, this::tableByName, name -> context.tables().failedName(name), report);
    if (result.missingTable() && !last) {
      return false;
    }
    report.printTo(context.messager(), context.trees());
    if (!report.hasErrors() && !result.readsFailedTable()) {
      context.write(
          new QueriesWriter(model, result.plans(), tablesNamed(result.plans())).write(), type);
    }
    return true;
  }

  /** The tables a statement names, as far as they are known tables. */
  private List<TableModel> tablesNamed(List<QueryPlan> plans) {
    List<TableModel> named = new ArrayList<>();
    for (QueryPlan plan : plans) {
      QuerySql sql = plan.method().sql();
      for (String name : sql.tableAliases().values()) {
        TableModel table = tableByName(name);
        if (table != null && !named.contains(table)) {
          named.add(table);
        }
      }
    }
    return named;
  }

  /**
   * The table of a {@code @StateTable} type: from this compilation, or read from the classpath
   * when its DAO was compiled before; null if it has none (yet).
   */
  private TableModel tableOf(TypeElement entity) {
    TableModel table = context.tables().byType(entity);
    if (table != null) {
      return table;
    }
    String name = entity.getQualifiedName().toString();
    table = classpathTables.get(name);
    if (table != null) {
      return table;
    }
    String dao = DaoWriter.daoName(com.squareup.javapoet.ClassName.get(entity)).canonicalName();
    if (context.elements().getTypeElement(dao) == null || !isValid(entity)) {
      return null;
    }
    table = tableReader.read(entity);
    classpathTables.put(name, table);
    return table;
  }

  private boolean isValid(TypeElement entity) {
    ValidationReport quiet = new ValidationReport();
    if (!TableValidator.checkShape(entity, quiet)) {
      return false;
    }
    new TableValidator(context.elements(), context.types()).validate(tableReader.read(entity), quiet);
    return !quiet.hasErrors();
  }

  private TableModel tableByName(String name) {
    if (name == null) {
      return null;
    }
    TableModel table = context.tables().byName(name);
    if (table != null) {
      return table;
    }
    for (TableModel t : classpathTables.values()) {
      if (t.tableName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    return null;
  }
}
