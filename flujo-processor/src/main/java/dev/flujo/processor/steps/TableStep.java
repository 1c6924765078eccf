package dev.flujo.processor.steps;

import dev.flujo.processor.codegen.DaoWriter;
import dev.flujo.processor.codegen.SchemaSnapshotWriter;
import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.TableReader;
import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.validation.TableValidator;
import dev.flujo.processor.validation.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code @StateTable}: reads each type, validates it, registers it and writes its DAO and schema
 * snapshot. A type that refers to types not generated yet waits for a later round.
 */
public final class TableStep implements ProcessingStep {
  private final ProcessingContext context;
  private final TableReader reader;
  private final TableValidator validator;
  private final SchemaSnapshotWriter snapshots;
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Creates the step. */
  public TableStep(ProcessingContext context) {
    this.context = context;
    this.reader = new TableReader(context.elements(), context.types());
    this.validator = new TableValidator(context.types());
    this.snapshots =
        new SchemaSnapshotWriter(context.filer(), context.messager(), context.options());
  }

  @Override
  public Set<String> annotations() {
    return Set.of(Annotations.STATE_TABLE);
  }

  @Override
  public void process(RoundEnvironment round) {
    List<TypeElement> types = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = context.elements().getTypeElement(name);
      if (type != null) {
        types.add(type);
      }
    }
    deferred.clear();
    TypeElement annotation = context.elements().getTypeElement(Annotations.STATE_TABLE);
    if (annotation != null) {
      types.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)));
    }
    for (TypeElement type : types) {
      try {
        if (!round.processingOver() && refersToMissingTypes(type)) {
          deferred.add(type.getQualifiedName().toString());
        } else {
          processType(type);
        }
      } catch (RuntimeException | Error e) {
        context.internalError(type, e);
      }
    }
  }

  @Override
  public void finish() {
    for (String name : deferred) {
      TypeElement type = context.elements().getTypeElement(name);
      context
          .messager()
          .printMessage(Diagnostic.Kind.ERROR, String.format(Errors.UNRESOLVED_TYPES, name), type);
    }
    deferred.clear();
  }

  private void processType(TypeElement type) {
    ValidationReport report = new ValidationReport();
    if (TableValidator.checkShape(type, report)) {
      TableModel table = reader.read(type);
      validator.validate(table, report);
      checkUniqueName(table, report);
      if (!report.hasErrors()) {
        context.tables().add(table);
        context.write(new DaoWriter(table).write(), type);
        snapshots.write(table);
      }
    }
    report.printTo(context.messager());
  }

  private void checkUniqueName(TableModel table, ValidationReport report) {
    TableModel other = context.tables().byName(table.tableName());
    if (other != null && !other.element().equals(table.element())) {
      report.error(
          String.format(
              Errors.TABLE_DUPLICATE_NAME, table.tableName(), other.element().getQualifiedName()),
          table.element(),
          table.annotation(),
          table.nameExplicit() ? Annotations.explicitValue(table.annotation(), "name") : null);
    }
  }

  private static boolean refersToMissingTypes(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      if (member.asType().getKind() == TypeKind.ERROR) {
        return true;
      }
    }
    return false;
  }
}
