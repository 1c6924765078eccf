package dev.flujo.processor.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The processor's layering as a failing build: {@code model} at the bottom, {@code sql} (SQL text,
 * identifiers, quoting, the compile-time SQLite verifier) over it, {@code validation} and {@code
 * codegen} beside each other over both, {@code steps} wiring them (docs/architecture.md).
 */
class ProcessorArchitectureTest {
  private static final JavaClasses PROCESSOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.flujo.processor");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.flujo.processor.(*)..").should().beFreeOfCycles().check(PROCESSOR);
  }

  @Test
  void theModelDependsOnNoOtherProcessorPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.flujo.processor.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flujo.processor.sql..",
            "dev.flujo.processor.validation..",
            "dev.flujo.processor.codegen..",
            "dev.flujo.processor.steps..")
        .check(PROCESSOR);
  }

  @Test
  void validationAndCodegenDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.flujo.processor.validation..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.flujo.processor.codegen..")
        .check(PROCESSOR);
    noClasses()
        .that()
        .resideInAPackage("dev.flujo.processor.codegen..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.flujo.processor.validation..")
        .check(PROCESSOR);
  }

  @Test
  void sqlKnowsNothingOfValidationCodegenOrSteps() {
    noClasses()
        .that()
        .resideInAPackage("dev.flujo.processor.sql..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flujo.processor.validation..",
            "dev.flujo.processor.codegen..",
            "dev.flujo.processor.steps..")
        .check(PROCESSOR);
  }
}
