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
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
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
  private static final String FLUJO_ANNOTATIONS = "dev.flujo.annotations.";
  private static final String ERROR_VALUE = "<error>";

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
        if (refersToMissingTypes(type)) {
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

  /**
   * Whether the type refers to something javac could not resolve yet: a type (of a field, record
   * component, constructor or method parameter, method result, supertype, or a class named in a
   * Flujo annotation) or a constant in a Flujo annotation value. Another processor may generate it
   * in a later round; until then, any finding of Flujo's would be wrong.
   */
  private static boolean refersToMissingTypes(TypeElement type) {
    if (containsError(type.getSuperclass()) || erroneousAnnotations(type)) {
      return true;
    }
    for (TypeMirror supertype : type.getInterfaces()) {
      if (containsError(supertype)) {
        return true;
      }
    }
    List<Element> members = new ArrayList<>(type.getEnclosedElements());
    members.addAll(type.getRecordComponents());
    for (Element member : members) {
      if (erroneousAnnotations(member)) {
        return true;
      }
      if (member instanceof ExecutableElement method) {
        if (containsError(method.getReturnType())) {
          return true;
        }
        for (VariableElement parameter : method.getParameters()) {
          if (containsError(parameter.asType())) {
            return true;
          }
        }
      } else if (!(member instanceof TypeElement) && containsError(member.asType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsError(TypeMirror type) {
    switch (type.getKind()) {
      case ERROR:
        return true;
      case ARRAY:
        return containsError(((ArrayType) type).getComponentType());
      case WILDCARD:
        {
          WildcardType wildcard = (WildcardType) type;
          return (wildcard.getExtendsBound() != null && containsError(wildcard.getExtendsBound()))
              || (wildcard.getSuperBound() != null && containsError(wildcard.getSuperBound()));
        }
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (containsError(argument)) {
            return true;
          }
        }
        return false;
      default:
        return false;
    }
  }

  private static boolean erroneousAnnotations(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (Annotations.name(mirror).startsWith(FLUJO_ANNOTATIONS) && erroneous(mirror)) {
        return true;
      }
    }
    return false;
  }

  private static boolean erroneous(AnnotationMirror mirror) {
    for (AnnotationValue value : mirror.getElementValues().values()) {
      if (erroneous(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * javac hands an unresolved value to processors as the string {@code "<error>"} (an unresolved
   * class literal too, in place of its type); a resolved one never is that string, except as a
   * literal no valid name or SQL literal could be.
   */
  private static boolean erroneous(AnnotationValue value) {
    Object raw = value.getValue();
    if (raw instanceof TypeMirror type) {
      return containsError(type);
    }
    if (raw instanceof AnnotationMirror nested) {
      return erroneous(nested);
    }
    if (raw instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof AnnotationValue element && erroneous(element)) {
          return true;
        }
      }
      return false;
    }
    return ERROR_VALUE.equals(raw);
  }
}
