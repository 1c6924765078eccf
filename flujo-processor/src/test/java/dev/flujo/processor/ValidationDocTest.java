package dev.flujo.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import dev.flujo.processor.validation.Errors;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/validation.md} true. Each rule section there is headed by the {@code Errors}
 * constant it documents and holds an example (a {@code java} block, compiled here with the
 * processor after {@link FlujoCompiler#HEADER}) and the exact errors (a {@code text} block, one per
 * line). The test compiles every example and compares; run with {@code -Dflujo.docs.update=true}
 * (or the goldens' {@code -Dflujo.updateGoldens=true}) to rewrite the error blocks from what the
 * processor reports instead. Every message constant of the state-table rules must have a section
 * (the {@code QUERY*} and {@code QUERIES*} ones belong to {@code docs/queries.md}); every fragment must appear in the
 * page.
 */
class ValidationDocTest {
  private static final Path DOC = Path.of("..", "docs", "validation.md");
  private static final boolean UPDATE =
      GoldenFiles.updating() || Boolean.getBoolean("flujo.docs.update");

  /** Marks a section whose errors are among javac's own (the example also fails javac). */
  private static final String AMONG = "<!-- errors include javac's own -->";

  /** Marks a section without a runnable example; its block shows the raw message format. */
  private static final String NO_EXAMPLE = "<!-- no example -->";

  private static final Pattern SECTION =
      Pattern.compile(
          "^### `([A-Z_]+)`.*?\\n(.*?)```text\\n(.*?)```", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static final Set<String> FRAGMENT_PREFIXES = Set.of("RENAME_", "EXPECT_", "OWNER_");

  private record Section(
      String constant, String body, String errors, int errorsStart, int errorsEnd) {}

  private static List<Section> sections(String doc) {
    List<Section> sections = new ArrayList<>();
    Matcher m = SECTION.matcher(doc);
    while (m.find()) {
      sections.add(new Section(m.group(1), m.group(2), m.group(3), m.start(3), m.end(3)));
    }
    return sections;
  }

  private static List<String> produced(Section section) {
    Matcher java = JAVA.matcher(section.body());
    assertWithMessage("java example of %s", section.constant()).that(java.find()).isTrue();
    String[] lines = java.group(1).split("\n", -1);
    JavaFileObject source = FlujoCompiler.source("Example", lines);
    Compilation compilation = FlujoCompiler.compile(source);
    boolean skipJavacs = section.body().contains(AMONG);
    return compilation.errors().stream()
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(message -> !skipJavacs || !message.startsWith("cannot find symbol"))
        .collect(Collectors.toList());
  }

  /** The text of a message format up to its first placeholder. */
  private static String fixedPart(String format) {
    int placeholder = format.indexOf('%');
    return placeholder < 0 ? format : format.substring(0, placeholder);
  }

  private static String format(String constant) throws ReflectiveOperationException {
    return (String) Errors.class.getField(constant).get(null);
  }

  @Test
  void everyDocumentedExampleProducesExactlyTheDocumentedErrors() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<Section> sections = sections(doc);
    assertThat(sections).isNotEmpty();
    StringBuilder updated = new StringBuilder(doc);
    for (int i = sections.size() - 1; i >= 0; i--) {
      Section section = sections.get(i);
      String expected;
      if (section.body().contains(NO_EXAMPLE)) {
        expected = format(section.constant()) + "\n";
      } else {
        List<String> errors = produced(section);
        assertWithMessage("errors of the example of %s", section.constant())
            .that(errors)
            .isNotEmpty();
        expected = String.join("\n", errors) + "\n";
        assertWithMessage("the example of %s reports it", section.constant())
            .that(expected)
            .contains(fixedPart(format(section.constant())));
      }
      if (UPDATE) {
        updated.replace(section.errorsStart(), section.errorsEnd(), expected);
      } else {
        assertWithMessage("errors of %s (rerun with -Dflujo.docs.update=true)", section.constant())
            .that(section.errors())
            .isEqualTo(expected);
      }
    }
    if (UPDATE) {
      Files.writeString(DOC, updated.toString(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyMessageConstantHasASectionAndEveryFragmentAppears() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Set<String> documented = new LinkedHashSet<>();
    for (Section section : sections(doc)) {
      documented.add(section.constant());
    }
    for (Field field : Errors.class.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      String name = field.getName();
      if (name.startsWith("QUERY") || name.startsWith("QUERIES")) {
        continue; // @StateQueries messages are documented in docs/queries.md
      }
      boolean fragment =
          name.equals("DID_YOU_MEAN") || FRAGMENT_PREFIXES.stream().anyMatch(name::startsWith);
      if (fragment) {
        String fixed = fixedPart((String) field.get(null));
        assertWithMessage("fragment %s in the doc", name).that(doc).contains(fixed);
      } else {
        assertWithMessage("section for %s", name).that(documented).contains(name);
      }
    }
  }

  @Test
  void everySectionNamesAnExistingConstant() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    for (Section section : sections(doc)) {
      assertWithMessage("constant %s", section.constant())
          .that(hasField(section.constant()))
          .isTrue();
    }
  }

  private static boolean hasField(String name) {
    try {
      Errors.class.getField(name);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
