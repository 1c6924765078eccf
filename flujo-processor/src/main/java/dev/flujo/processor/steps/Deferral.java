package dev.flujo.processor.steps;

import dev.flujo.processor.validation.Errors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Types a step put off because they refer to types not generated yet, by qualified name (an
 * element of one round is not valid in the next). Taken again at the start of each round; whatever
 * is left when processing is over is reported once as unresolved.
 */
final class Deferral {
  private final ProcessingContext context;
  private final Set<String> names = new LinkedHashSet<>();

  Deferral(ProcessingContext context) {
    this.context = context;
  }

  /** Puts a type off to the next round. */
  void add(TypeElement type) {
    names.add(type.getQualifiedName().toString());
  }

  /** The types put off so far, as elements of the current round, in order; forgets them. */
  List<TypeElement> take() {
    List<TypeElement> types = new ArrayList<>();
    for (String name : names) {
      TypeElement type = context.elements().getTypeElement(name);
      if (type != null) {
        types.add(type);
      }
    }
    names.clear();
    return types;
  }

  /** Reports every type still put off as unresolved; forgets them. */
  void reportRemaining() {
    for (String name : names) {
      TypeElement type = context.elements().getTypeElement(name);
      report(context, name, type);
      if (type != null) {
        context.tables().fail(type, null);
      }
    }
    names.clear();
  }

  /** Reports one type whose references never resolved. */
  static void report(ProcessingContext context, String name, TypeElement type) {
    context
        .messager()
        .printMessage(Diagnostic.Kind.ERROR, String.format(Errors.UNRESOLVED_TYPES, name), type);
  }
}
