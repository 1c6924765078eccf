package dev.flujo.processor.validation;

import dev.flujo.processor.model.Annotations;
import dev.flujo.processor.model.RetryWrapperModel;
import java.util.LinkedList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Checks a {@code @DbRetry} interface before its {@code Retrying<Interface>} wrapper is written:
 * the policies' bounds (the same rules as on a {@code @StateTable}), that the wrapper can implement
 * the interface, and that every annotated method can be wrapped. (Local interfaces never reach a
 * processor; code naming their wrapper fails with javac's "cannot find symbol".)
 */
public final class RetryWrapperValidator {
  private RetryWrapperValidator() {}

  /** Checks one wrapper model. */
  public static void validate(RetryWrapperModel model, ValidationReport report) {
    TypeElement iface = model.element();
    String name = iface.getQualifiedName().toString();
    if (model.retry() != null) {
      TableValidator.checkRetry(model.retry(), iface, report);
    }
    for (Element e = iface; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(String.format(Errors.RETRY_INTERFACE_PRIVATE, name), iface);
        break;
      }
    }
    if (iface.getModifiers().contains(Modifier.SEALED)) {
      report.error(
          String.format(Errors.RETRY_INTERFACE_SEALED, name),
          iface,
          Annotations.find(iface, Annotations.DB_RETRY));
    }
    for (RetryWrapperModel.Annotated method : model.annotatedMethods()) {
      TableValidator.checkRetry(method.retry(), method.element(), report);
      if (method.element().getModifiers().contains(Modifier.STATIC)
          || method.element().getModifiers().contains(Modifier.PRIVATE)) {
        report.error(
            String.format(
                Errors.RETRY_UNWRAPPABLE_METHOD,
                method.element().getSimpleName() + "()",
                String.join("_", simpleNames(iface))),
            method.element(),
            method.retry().annotation());
      }
    }
  }

  /** The simple names from the outermost type down to {@code type}. */
  private static List<String> simpleNames(TypeElement type) {
    LinkedList<String> names = new LinkedList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.addFirst(e.getSimpleName().toString());
    }
    return names;
  }
}
