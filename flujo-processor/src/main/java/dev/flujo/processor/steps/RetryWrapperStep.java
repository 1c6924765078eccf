package dev.flujo.processor.steps;

import dev.flujo.processor.codegen.RetryWrapperWriter;
import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.RetryWrapperModel;
import dev.flujo.processor.model.RetryWrapperReader;
import dev.flujo.processor.validation.Errors;
import dev.flujo.processor.validation.RetryWrapperValidator;
import dev.flujo.processor.validation.ValidationReport;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * {@code @DbRetry} on an interface or an interface method: reads the interface, validates it and
 * writes {@code Retrying<Interface>}. {@code @DbRetry} on a {@code @StateTable} type belongs to
 * {@link TableStep}; anywhere else it is an error. An interface whose signatures refer to types not
 * generated yet waits for a later round.
 */
public final class RetryWrapperStep implements ProcessingStep {
  private final ProcessingContext context;
  private final RetryWrapperReader reader;
  private final Deferral deferred;
  private final Set<String> done = new HashSet<>();

  /** Creates the step. */
  public RetryWrapperStep(ProcessingContext context) {
    this.context = context;
    this.deferred = new Deferral(context);
    this.reader = new RetryWrapperReader(context.elements(), context.types());
  }

  @Override
  public Set<String> annotations() {
    return Set.of(Annotations.DB_RETRY);
  }

  @Override
  public void process(RoundEnvironment round) {
    Set<TypeElement> interfaces = new LinkedHashSet<>(deferred.take());
    TypeElement annotation = context.elements().getTypeElement(Annotations.DB_RETRY);
    if (annotation != null) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        try {
          TypeElement iface = wrappedInterface(element);
          if (iface != null) {
            interfaces.add(iface);
          }
        } catch (RuntimeException | Error e) {
          context.internalError(element, e);
        }
      }
    }
    for (TypeElement iface : interfaces) {
      try {
        String name = iface.getQualifiedName().toString();
        if (done.contains(name)) {
          continue;
        }
        if (!round.processingOver() && MissingTypes.in(iface)) {
          deferred.add(iface);
        } else {
          done.add(name);
          processInterface(iface);
        }
      } catch (RuntimeException | Error e) {
        context.internalError(iface, e);
      }
    }
  }

  @Override
  public void finish() {
    deferred.reportRemaining();
  }

  /** The interface to wrap for an annotated element, or null (reporting misplaced ones). */
  private TypeElement wrappedInterface(Element element) {
    if (element.getKind() == ElementKind.INTERFACE) {
      return (TypeElement) element;
    }
    Element owner = element.getEnclosingElement();
    if (element.getKind() == ElementKind.METHOD && owner.getKind() == ElementKind.INTERFACE) {
      return (TypeElement) owner;
    }
    if (element instanceof TypeElement
        && Annotations.find(element, Annotations.STATE_TABLE) != null) {
      return null;
    }
    String what =
        element instanceof TypeElement
            ? describe(element.getKind()) + " " + ((TypeElement) element).getQualifiedName()
            : "method "
                + ((TypeElement) owner).getQualifiedName()
                + "."
                + element.getSimpleName()
                + "() of a "
                + describe(owner.getKind());
    ValidationReport report = new ValidationReport();
    report.error(
        String.format(Errors.RETRY_MISPLACED, what),
        element,
        Annotations.find(element, Annotations.DB_RETRY));
    report.printTo(context.messager(), context.trees());
    return null;
  }

  private void processInterface(TypeElement iface) {
    RetryWrapperModel model = reader.read(iface);
    ValidationReport report = new ValidationReport();
    RetryWrapperValidator.validate(model, report);
    if (!report.hasErrors()) {
      context.write(new RetryWrapperWriter(model, context.types()).write(), iface);
    }
    report.printTo(context.messager(), context.trees());
  }

  private static String describe(ElementKind kind) {
    switch (kind) {
      case ANNOTATION_TYPE:
        return "annotation type";
      case RECORD:
        return "record";
      case ENUM:
        return "enum";
      case CLASS:
        return "class";
      default:
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }
}
