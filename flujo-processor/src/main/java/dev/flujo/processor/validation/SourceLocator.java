package dev.flujo.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.flujo.processor.model.Annotations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Prints a {@link ValidationReport.Item} where the user will see it, working around two places
 * where javac's {@link Messager} loses the position:
 *
 * <ul>
 *   <li>Record components have no source position in javac 17. A problem on one is printed on the
 *       record's private field of the same name, with the field's copy of the annotation and value,
 *       which do have positions (every Flujo column annotation also targets fields).
 *   <li>Repeated annotations ({@code @Index} twice) are wrapped by javac into a container that has
 *       no tree of its own, so a problem in one {@code @Index} would land on the type. With javac's
 *       {@link Trees} the annotation and value are found in the source and printed there.
 * </ul>
 *
 * Anything else, and everything when {@code trees} is null (a compiler other than javac), goes
 * through the messager unchanged.
 */
final class SourceLocator {
  private final Messager messager;
  private final Trees trees;

  SourceLocator(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  void print(ValidationReport.Item item) {
    Element element = item.element();
    AnnotationMirror annotation = item.annotation();
    AnnotationValue value = item.value();
    if (element.getKind() == ElementKind.RECORD_COMPONENT) {
      Element field = recordField(element);
      if (field != null) {
        AnnotationMirror fieldAnnotation =
            annotation == null ? null : Annotations.find(field, Annotations.name(annotation));
        value = fieldAnnotation == null ? null : translate(annotation, value, fieldAnnotation);
        annotation = fieldAnnotation;
        element = field;
      }
    }
    if (annotation != null
        && trees != null
        && !element.getAnnotationMirrors().contains(annotation)
        && printInRepeated(item, element, annotation, value)) {
      return;
    }
    if (value != null) {
      messager.printMessage(item.kind(), item.text(), element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(item.kind(), item.text(), element, annotation);
    } else {
      messager.printMessage(item.kind(), item.text(), element);
    }
  }

  private static Element recordField(Element component) {
    for (Element member : component.getEnclosingElement().getEnclosedElements()) {
      if (member.getKind() == ElementKind.FIELD
          && member.getSimpleName().contentEquals(component.getSimpleName())) {
        return member;
      }
    }
    return null;
  }

  /** The value of {@code to} that sits where {@code value} sits in {@code from}, or null. */
  private static AnnotationValue translate(
      AnnotationMirror from, AnnotationValue value, AnnotationMirror to) {
    if (value == null) {
      return null;
    }
    ValuePlace place = place(from, value);
    if (place == null) {
      return null;
    }
    AnnotationValue member = Annotations.explicitValue(to, place.member());
    if (member == null || place.index() < 0) {
      return member;
    }
    Object raw = member.getValue();
    if (raw instanceof List<?> list && place.index() < list.size()) {
      return (AnnotationValue) list.get(place.index());
    }
    return member;
  }

  /** Member name and, for an element of an array member, its index (else -1). */
  private record ValuePlace(String member, int index) {}

  private static ValuePlace place(AnnotationMirror mirror, AnnotationValue value) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      String member = e.getKey().getSimpleName().toString();
      if (e.getValue() == value) {
        return new ValuePlace(member, -1);
      }
      if (e.getValue().getValue() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) == value) {
            return new ValuePlace(member, i);
          }
        }
      }
    }
    return null;
  }

  /**
   * Prints on the source of an annotation that sits inside a container of repeated annotations;
   * false if it cannot be found.
   */
  private boolean printInRepeated(
      ValidationReport.Item item, Element element, AnnotationMirror nested, AnnotationValue value) {
    int ordinal = ordinalInContainer(element, nested);
    TreePath path = ordinal < 0 ? null : trees.getPath(element);
    ModifiersTree modifiers = path == null ? null : modifiers(path.getLeaf());
    if (modifiers == null) {
      return false;
    }
    String wanted = Annotations.name(nested);
    TreePath modifiersPath = new TreePath(path, modifiers);
    List<AnnotationTree> sameType = new ArrayList<>();
    for (AnnotationTree annotation : modifiers.getAnnotations()) {
      TreePath typePath =
          new TreePath(new TreePath(modifiersPath, annotation), annotation.getAnnotationType());
      Element type = trees.getElement(typePath);
      if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(wanted)) {
        sameType.add(annotation);
      }
    }
    if (ordinal >= sameType.size()) {
      return false;
    }
    AnnotationTree annotation = sameType.get(ordinal);
    Tree target = annotation;
    ValuePlace place = value == null ? null : place(nested, value);
    if (place != null) {
      ExpressionTree expression = argument(annotation, place.member());
      if (expression != null) {
        target = expression;
        if (place.index() >= 0
            && expression instanceof NewArrayTree array
            && place.index() < array.getInitializers().size()) {
          target = array.getInitializers().get(place.index());
        }
      }
    }
    trees.printMessage(item.kind(), item.text(), target, path.getCompilationUnit());
    return true;
  }

  /** Position of {@code nested} among the annotations of its type inside a container, or -1. */
  private static int ordinalInContainer(Element element, AnnotationMirror nested) {
    for (AnnotationMirror container : element.getAnnotationMirrors()) {
      for (AnnotationValue values : container.getElementValues().values()) {
        if (!(values.getValue() instanceof List<?> list)) {
          continue;
        }
        int ordinal = 0;
        for (Object item : list) {
          Object inner = ((AnnotationValue) item).getValue();
          if (inner == nested) {
            return ordinal;
          }
          if (inner instanceof AnnotationMirror m
              && Annotations.name(m).equals(Annotations.name(nested))) {
            ordinal++;
          }
        }
      }
    }
    return -1;
  }

  private static ModifiersTree modifiers(Tree declaration) {
    if (declaration instanceof ClassTree c) {
      return c.getModifiers();
    }
    if (declaration instanceof MethodTree m) {
      return m.getModifiers();
    }
    if (declaration instanceof VariableTree v) {
      return v.getModifiers();
    }
    return null;
  }

  private static ExpressionTree argument(AnnotationTree annotation, String member) {
    for (ExpressionTree argument : annotation.getArguments()) {
      if (argument instanceof AssignmentTree assignment) {
        if (assignment.getVariable() instanceof IdentifierTree name
            && name.getName().contentEquals(member)) {
          return assignment.getExpression();
        }
      } else if (member.equals("value")) {
        return argument;
      }
    }
    return null;
  }
}
