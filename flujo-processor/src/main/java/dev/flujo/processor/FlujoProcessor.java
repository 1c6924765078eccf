package dev.flujo.processor;

import com.google.auto.service.AutoService;
import dev.flujo.processor.codegen.SchemaSnapshotWriter;
import dev.flujo.processor.steps.ProcessingContext;
import dev.flujo.processor.steps.ProcessingStep;
import dev.flujo.processor.steps.QueriesStep;
import dev.flujo.processor.steps.RetryWrapperStep;
import dev.flujo.processor.steps.TableStep;
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
 * clean elements.
 *
 * <p>It claims nothing ({@link #process} returns false, as AutoValue and Dagger do): a claimed
 * annotation is withheld from the processors javac runs after this one, and claiming Flujo's own
 * annotations would not silence javac's "No processor claimed any of these annotations" lint for the
 * other annotations of a real build (JUnit's {@code @Test}, {@code @TempDir}) anyway. Builds with
 * {@code -Werror} turn that one lint category off: {@code -Xlint:all,-processing}.
 */
@AutoService(Processor.class)
public final class FlujoProcessor extends AbstractProcessor {
  private static final String FLUJO_ANNOTATIONS = "dev.flujo.annotations.*";

  private List<ProcessingStep> steps = List.of();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    ProcessingContext context = new ProcessingContext(env);
    steps =
        List.of(new TableStep(context), new QueriesStep(context), new RetryWrapperStep(context));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(FLUJO_ANNOTATIONS);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SchemaSnapshotWriter.OPTION);
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
