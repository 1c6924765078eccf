package dev.flujo.processor.steps;

import dev.flujo.processor.model.Annotations;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Whether a type refers to something javac could not resolve yet, as AutoValue's {@code
 * MissingTypes}: a type of a field, record component, method result, parameter or thrown type, a
 * supertype, a type argument or array component of any of them, or a class or constant in a Flujo
 * annotation on the type or a member. Another processor may generate it in a later round; until
 * then any finding of Flujo's would be wrong. Every step asks this one question the same way.
 */
final class MissingTypes {
  private static final String FLUJO_ANNOTATIONS = "dev.flujo.annotations.";
  private static final String ERROR_VALUE = "<error>";

  private MissingTypes() {}

  /** Whether {@code type} or one of its members refers to a type or constant not resolved yet. */
  static boolean in(TypeElement type) {
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
          if (containsError(parameter.asType()) || erroneousAnnotations(parameter)) {
            return true;
          }
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
          if (containsError(thrown)) {
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
