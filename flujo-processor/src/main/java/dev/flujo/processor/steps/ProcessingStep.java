package dev.flujo.processor.steps;

import java.util.Set;
import javax.annotation.processing.RoundEnvironment;

/** A stage of processing that handles one kind of annotated element. */
public interface ProcessingStep {
  /** The qualified names of the annotations this step handles. */
  Set<String> annotations();

  /** Handles the elements of one round. Never throws: failures become compiler errors. */
  void process(RoundEnvironment round);

  /** Called once when processing is over: report whatever is still deferred. */
  default void finish() {}
}
