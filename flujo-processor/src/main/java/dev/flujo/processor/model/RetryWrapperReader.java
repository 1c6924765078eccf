package dev.flujo.processor.model;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** Reads a {@link RetryWrapperModel} from a {@code @DbRetry} interface, judging nothing. */
public final class RetryWrapperReader {
  private final Elements elements;
  private final Types types;
  private final TableReader tables;

  /** Creates a reader. */
  public RetryWrapperReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.tables = new TableReader(elements, types);
  }

  /** Reads the wrapper of {@code iface}. */
  public RetryWrapperModel read(TypeElement iface) {
    RetryModel typeRetry = tables.readRetry(iface);
    List<RetryWrapperModel.Annotated> annotated = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(iface.getEnclosedElements())) {
      RetryModel retry = tables.readRetry(method);
      if (retry != null) {
        annotated.add(new RetryWrapperModel.Annotated(method, retry));
      }
    }
    return new RetryWrapperModel(
        iface,
        typeRetry,
        wrappedMethods(iface, typeRetry),
        annotated,
        Annotations.find(iface, "java.lang.Deprecated"));
  }

  private List<RetryWrapperModel.Method> wrappedMethods(TypeElement iface, RetryModel typeRetry) {
    DeclaredType self = (DeclaredType) iface.asType();
    List<RetryWrapperModel.Method> methods = new ArrayList<>();
    List<ExecutableType> signatures = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      Element owner = method.getEnclosingElement();
      if (!owner.getKind().isInterface()
          || method.getModifiers().contains(Modifier.STATIC)
          || method.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      ExecutableType signature = (ExecutableType) types.asMemberOf(self, method);
      String name = method.getSimpleName().toString();
      Element source = method;
      RetryModel retry = tables.readRetry(method);
      if (retry == null && typeRetry != null) {
        source = iface;
        retry = typeRetry;
      }
      if (retry == null && !owner.equals(iface)) {
        source = owner;
        retry = tables.readRetry(owner);
      }
      RetryWrapperModel.Method wrapped =
          new RetryWrapperModel.Method(
              method,
              retry,
              retry == null ? null : source,
              Annotations.find(method, "java.lang.Deprecated"));
      int seen = indexOfSameSignature(name, signature, names, signatures);
      if (seen < 0) {
        names.add(name);
        signatures.add(signature);
        methods.add(wrapped);
      } else if (!types.isSameType(signature.getReturnType(), signatures.get(seen).getReturnType())
          && types.isSubtype(signature.getReturnType(), signatures.get(seen).getReturnType())) {
        // unrelated superinterfaces declare the method; the wrapper must return the narrowest type
        signatures.set(seen, signature);
        methods.set(seen, wrapped);
      }
    }
    return methods;
  }

  private int indexOfSameSignature(
      String name, ExecutableType signature, List<String> names, List<ExecutableType> seen) {
    for (int i = 0; i < seen.size(); i++) {
      if (names.get(i).equals(name)
          && (types.isSubsignature(signature, seen.get(i))
              || types.isSubsignature(seen.get(i), signature))) {
        return i;
      }
    }
    return -1;
  }
}
