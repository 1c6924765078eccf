package dev.flujo.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * An interface that gets a {@code Retrying<Interface>} wrapper because {@code @DbRetry} is on it or
 * on one of its methods.
 *
 * @param element the interface
 * @param retry the {@code @DbRetry} on the interface itself, or null
 * @param methods every instance method the wrapper must implement, inherited ones included, once
 *     per signature
 * @param annotatedMethods methods declared by this interface that carry {@code @DbRetry}, with the
 *     policy read from each (static and private ones included, which cannot be wrapped)
 * @param deprecated the interface's {@code @Deprecated}, or null
 */
public record RetryWrapperModel(
    TypeElement element,
    RetryModel retry,
    List<Method> methods,
    List<Annotated> annotatedMethods,
    AnnotationMirror deprecated) {

  /**
   * One method of the wrapper.
   *
   * @param element the interface method it implements
   * @param retry the policy it runs under, or null if it only delegates: the method's own
   *     {@code @DbRetry}, else the wrapped interface's, else that of the interface declaring it
   * @param retrySource the method or interface carrying {@code retry}, or null
   * @param deprecated the method's {@code @Deprecated}, or null
   */
  public record Method(
      ExecutableElement element,
      RetryModel retry,
      Element retrySource,
      AnnotationMirror deprecated) {}

  /**
   * A method declared by the interface with {@code @DbRetry} on it.
   *
   * @param element the method
   * @param retry its policy as written
   */
  public record Annotated(ExecutableElement element, RetryModel retry) {}
}
