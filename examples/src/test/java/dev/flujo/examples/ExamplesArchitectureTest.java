package dev.flujo.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The example application, generated classes included, uses only the runtime's root and spi. */
class ExamplesArchitectureTest {
  @Test
  void examplesUseOnlyTheRuntimeRootAndSpi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.flujo.runtime.internal..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.flujo.examples"));
  }
}
