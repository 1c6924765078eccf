package dev.flujo.processor.steps;

import dev.flujo.processor.codegen.DaoWriter;
import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.TableModel;
import dev.flujo.processor.model.TableReader;
import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.validation.LocalTables;
import dev.flujo.processor.validation.SchemaNames;
import dev.flujo.processor.validation.TableValidator;
import dev.flujo.processor.validation.ValidationReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code @StateTable}: reads each type of a round, validates it, checks table and index names
 * across every type of the compilation, then prints each type's report and writes the DAO of each
 * type without errors. A type that refers to types not generated yet waits for a later round; one
 * that still does when processing is over gets one error.
 */
public final class TableStep implements ProcessingStep {
  private final ProcessingContext context;
  private final TableReader reader;
  private final TableValidator validator;
  private final SchemaNames schemaNames = new SchemaNames();
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Creates the step. */
  public TableStep(ProcessingContext context) {
    this.context = context;
    this.reader = new TableReader(context.elements(), context.types());
    this.validator = new TableValidator(context.elements(), context.types());
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
        if (refersToMissingTypes(type)) {
          if (round.processingOver()) {
            reportUnresolved(type);
          } else {
            deferred.add(type.getQualifiedName().toString());
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
    for (ValidationReport report : shapeFailures.values()) {
      report.printTo(context.messager(), context.trees());
    }
    for (Map.Entry<TableModel, ValidationReport> entry : checked.entrySet()) {
      TableModel table = entry.getKey();
      try {
        entry.getValue().printTo(context.messager(), context.trees());
        if (!entry.getValue().hasErrors()) {
          context.tables().add(table);
          context.write(new DaoWriter(table).write(), table.element());
        }
      } catch (RuntimeException | Error e) {
        context.internalError(table.element(), e);
      }
    }
  }

  @Override
  public void finish() {
    for (String name : deferred) {
      reportUnresolved(context.elements().getTypeElement(name));
    }
    deferred.clear();
  }

  /** The deferred types of earlier rounds, then this round's annotated types, each once. */
  private List<TypeElement> typesOf(RoundEnvironment round) {
    Map<TypeElement, Boolean> types = new IdentityHashMap<>();
    List<TypeElement> ordered = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = context.elements().getTypeElement(name);
      if (type != null && types.put(type, Boolean.TRUE) == null) {
        ordered.add(type);
      }
    }
    deferred.clear();
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

  private void reportUnresolved(TypeElement type) {
    if (type == null) {
      return;
    }
    context
        .messager()
        .printMessage(
            Diagnostic.Kind.ERROR,
            String.format(Errors.UNRESOLVED_TYPES, type.getQualifiedName()),
            type);
  }

  /**
   * Whether a member's type, or a class named by {@code @Convert}, is not known yet (it may be
   * generated by another processor in a later round).
   */
  private static boolean refersToMissingTypes(TypeElement type) {
    for (Element member : type.getEnclosedElements()) {
      if (member.asType().getKind() == TypeKind.ERROR) {
        return true;
      }
      AnnotationMirror convert = Annotations.find(member, Annotations.CONVERT);
      AnnotationValue value = Annotations.explicitValueOrNull(convert, "value");
      if (value != null
          && (!(value.getValue() instanceof TypeMirror mirror)
              || mirror.getKind() == TypeKind.ERROR)) {
        return true;
      }
    }
    for (Element component : type.getRecordComponents()) {
      AnnotationValue value =
          Annotations.explicitValueOrNull(
              Annotations.find(component, Annotations.CONVERT), "value");
      if (value != null
          && (!(value.getValue() instanceof TypeMirror mirror)
              || mirror.getKind() == TypeKind.ERROR)) {
        return true;
      }
    }
    return false;
  }
}
