package dev.flujo.processor;

import com.google.auto.service.AutoService;
import dev.flujo.processor.steps.ProcessingContext;
import dev.flujo.processor.steps.ProcessingStep;
import dev.flujo.processor.steps.TableStep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The Flujo annotation processor: runs one {@link ProcessingStep} per annotation kind, in order,
 * every round. Each step reports every problem it finds in one build and writes code only for
 * clean elements. Returns {@code false} so other processors may see the same annotations.
 */
@AutoService(Processor.class)
public final class FlujoProcessor extends AbstractProcessor {
  private List<ProcessingStep> steps = List.of();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    ProcessingContext context = new ProcessingContext(env);
    steps = List.of(new TableStep(context));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    for (ProcessingStep step : steps) {
      names.addAll(step.annotations());
    }
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (ProcessingStep step : steps) {
      step.process(round);
    }
    if (round.processingOver()) {
      for (ProcessingStep step : steps) {
        step.finish();
      }
    }
    return false;
  }
}
