package dev.flujo.processor.steps;

import com.squareup.javapoet.JavaFile;
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

  /** Reports an unexpected exception as one error on the element being processed. */
  public void internalError(Element element, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    messager()
        .printMessage(
            Diagnostic.Kind.ERROR, String.format(Errors.INTERNAL_ERROR, element, trace), element);
  }
}
