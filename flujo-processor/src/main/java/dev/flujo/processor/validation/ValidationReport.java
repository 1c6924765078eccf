package dev.flujo.processor.validation;

import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Collects the problems found in one type, each pinned to an element and, where there is one, the
 * annotation and value at fault. Printed once; code is generated only from a clean report.
 *
 * <p>Printing goes through {@link SourceLocator}, which moves each problem to a place javac can
 * show: a record component's problems go to its field (javac 17 has no source position for record
 * components), and a problem in one of several repeated annotations goes to that annotation.
 */
public final class ValidationReport {
  /**
   * One problem.
   *
   * @param kind error or warning
   * @param text the message
   * @param element the element at fault
   * @param annotation the annotation at fault, or null
   * @param value the annotation value at fault, or null
   */
  public record Item(
      Diagnostic.Kind kind,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  /** Reports an error on an element. */
  public void error(String text, Element element) {
    add(Diagnostic.Kind.ERROR, text, element, null, null);
  }

  /** Reports an error on an annotation of an element. */
  public void error(String text, Element element, AnnotationMirror annotation) {
    add(Diagnostic.Kind.ERROR, text, element, annotation, null);
  }

  /**
   * Reports an error on an annotation value of an element; a null value falls back to the
   * annotation, a null annotation to the element.
   */
  public void error(
      String text, Element element, AnnotationMirror annotation, AnnotationValue value) {
    add(Diagnostic.Kind.ERROR, text, element, annotation, value);
  }

  /** Reports a warning on an element. */
  public void warning(String text, Element element) {
    add(Diagnostic.Kind.WARNING, text, element, null, null);
  }

  private void add(
      Diagnostic.Kind kind,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(kind, text, element, annotation, annotation == null ? null : value));
  }

  /** Whether any error was reported. */
  public boolean hasErrors() {
    for (Item item : items) {
      if (item.kind() == Diagnostic.Kind.ERROR) {
        return true;
      }
    }
    return false;
  }

  /** The problems reported so far. */
  public List<Item> items() {
    return List.copyOf(items);
  }

  /** Prints every problem to the compiler through the messager alone. */
  public void printTo(Messager messager) {
    printTo(messager, null);
  }

  /**
   * Prints every problem to the compiler, using javac's trees (when not null) to place problems
   * that the messager cannot place.
   */
  public void printTo(Messager messager, Trees trees) {
    SourceLocator locator = new SourceLocator(messager, trees);
    for (Item item : items) {
      locator.print(item);
    }
  }
}
