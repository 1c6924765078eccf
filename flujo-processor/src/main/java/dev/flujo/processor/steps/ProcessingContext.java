package dev.flujo.processor.steps;

import com.squareup.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.flujo.processor.model.TableRegistry;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/** What every step shares: the compiler's utilities, options and the table registry. */
public final class ProcessingContext {
  private final ProcessingEnvironment env;
  private final TableRegistry tables = new TableRegistry();
  private Trees trees;
  private boolean treesLookedUp;

  /** Creates the context of one compilation. */
  public ProcessingContext(ProcessingEnvironment env) {
    this.env = env;
  }

  /** Element utilities. */
  public Elements elements() {
    return env.getElementUtils();
  }

  /** Type utilities. */
  public Types types() {
    return env.getTypeUtils();
  }

  /** The compiler's messager. */
  public Messager messager() {
    return env.getMessager();
  }

  /** The compiler's filer. */
  public Filer filer() {
    return env.getFiler();
  }

  /** The {@code -A} options passed to the compiler. */
  public Map<String, String> options() {
    return env.getOptions();
  }

  /**
   * javac's source trees, or null under a compiler (or a wrapped environment, as in Gradle's
   * incremental processing) that does not offer them. Used only to place messages more precisely.
   */
  public Trees trees() {
    if (!treesLookedUp) {
      treesLookedUp = true;
      try {
        trees = Trees.instance(env);
      } catch (IllegalArgumentException | LinkageError e) {
        trees = null;
      }
    }
    return trees;
  }

  /** The valid tables of this compilation so far. */
  public TableRegistry tables() {
    return tables;
  }

  /** Writes a generated source file, reporting a failure on {@code origin}. */
  public void write(JavaFile file, Element origin) {
    try {
      file.writeTo(filer());
    } catch (IOException e) {
      messager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              "could not write " + file.packageName + "." + file.typeSpec.name + ": " + e,
              origin);
    }
  }

  /**
   * Reports an unexpected exception as one error on the element being processed (or on none, if
   * {@code element} is null), with the stack trace, instead of letting it crash javac.
   */
  public void internalError(Element element, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    String message =
        String.format(Errors.INTERNAL_ERROR, element == null ? "this round" : element, trace);
    if (element == null) {
      messager().printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      messager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
  }
}
