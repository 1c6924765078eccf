package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The processor's declaration to Gradle's incremental compilation. It is <em>aggregating</em>: a
 * query implementation depends on every table of the compilation (joins, the schema its statements
 * are checked against) and table names are checked across types, so an isolating processor's
 * promise (each output depends only on its one originating type) would not hold.
 */
class GradleIncrementalTest {
  @Test
  void theProcessorIsDeclaredAggregating() throws IOException {
    try (InputStream in =
        FlujoProcessor.class
            .getClassLoader()
            .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertThat(in).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(text).isEqualTo(FlujoProcessor.class.getName() + ",aggregating");
    }
  }
}
