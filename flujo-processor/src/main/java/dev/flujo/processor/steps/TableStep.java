package dev.flujo.processor.steps;

import dev.flujo.processor.codegen.DaoWriter;
import dev.flujo.processor.codegen.SchemaSnapshotWriter;
import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.TableReader;
import dev.flujo.processor.validation.LocalTables;
import dev.flujo.processor.validation.SchemaNames;
import dev.flujo.processor.validation.TableValidator;
import dev.flujo.processor.validation.ValidationReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * {@code @StateTable}: reads each type of a round, validates it, checks table and index names
 * across every type of the compilation, then prints each type's report and writes the DAO and the
 * schema snapshot of each type without errors. A type that refers to types not generated yet waits
 * for a later round; one that still does when processing is over gets one error.
 */
public final class TableStep implements ProcessingStep {
  private final ProcessingContext context;
  private final TableReader reader;
  private final TableValidator validator;
  private final SchemaNames schemaNames = new SchemaNames();
  private final SchemaSnapshotWriter snapshots;

  private final Deferral deferred;

  /** Creates the step. */
  public TableStep(ProcessingContext context) {
    this.context = context;
    this.deferred = new Deferral(context);
    this.reader = new TableReader(context.elements(), context.types());
    this.validator = new TableValidator(context.elements(), context.types());
    this.snapshots =
        new SchemaSnapshotWriter(context.filer(), context.messager(), context.options());
  }

  @Override
  public Set<String> annotations() {
    return Set.of(Annotations.STATE_TABLE);
  }

  @Override
  public void process(RoundEnvironment round) {
    List<TypeElement> types;
    try {
      types = typesOf(round);
      if (context.trees() != null && !round.processingOver()) {
        LocalTables.report(context.trees(), round.getRootElements());
      }
    } catch (RuntimeException | Error e) {
      context.internalError(null, e);
      return;
    }
    Map<TableModel, ValidationReport> checked = new LinkedHashMap<>();
    Map<TypeElement, ValidationReport> shapeFailures = new LinkedHashMap<>();
    for (TypeElement type : types) {
      try {
        if (MissingTypes.in(type)) {
          if (round.processingOver()) {
            Deferral.report(context, type.getQualifiedName().toString(), type);
            context.tables().fail(type, null);
          } else {
            deferred.add(type);
          }
          continue;
        }
        ValidationReport report = new ValidationReport();
        if (TableValidator.checkShape(type, report)) {
          TableModel table = reader.read(type);
          validator.validate(table, report);
          checked.put(table, report);
        } else {
          shapeFailures.put(type, report);
        }
      } catch (RuntimeException | Error e) {
        context.internalError(type, e);
      }
    }
    try {
      schemaNames.check(new ArrayList<>(checked.keySet()), checked::get);
    } catch (RuntimeException | Error e) {
      context.internalError(null, e);
      return;
    }
    for (Map.Entry<TypeElement, ValidationReport> entry : shapeFailures.entrySet()) {
      entry.getValue().printTo(context.messager(), context.trees());
      context.tables().fail(entry.getKey(), null);
    }
    for (Map.Entry<TableModel, ValidationReport> entry : checked.entrySet()) {
      TableModel table = entry.getKey();
      try {
        entry.getValue().printTo(context.messager(), context.trees());
        if (entry.getValue().hasErrors()) {
          context.tables().fail(table.element(), table.tableName());
        } else {
          context.tables().add(table);
          context.write(new DaoWriter(table).write(), table.element());
          snapshots.write(table);
        }
      } catch (RuntimeException | Error e) {
        context.internalError(table.element(), e);
      }
    }
  }

  @Override
  public void finish() {
    deferred.reportRemaining();
  }

  /** The deferred types of earlier rounds, then this round's annotated types, each once. */
  private List<TypeElement> typesOf(RoundEnvironment round) {
    Map<TypeElement, Boolean> types = new IdentityHashMap<>();
    List<TypeElement> ordered = new ArrayList<>();
    for (TypeElement type : deferred.take()) {
      if (types.put(type, Boolean.TRUE) == null) {
        ordered.add(type);
      }
    }
    TypeElement annotation = context.elements().getTypeElement(Annotations.STATE_TABLE);
    if (annotation != null) {
      for (TypeElement type : ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation))) {
        if (types.put(type, Boolean.TRUE) == null) {
          ordered.add(type);
        }
      }
    }
    return ordered;
  }
}
