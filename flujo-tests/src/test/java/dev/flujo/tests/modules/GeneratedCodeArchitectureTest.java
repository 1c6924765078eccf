package dev.flujo.tests.modules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Every class generated for the functional suites (DAOs, query implementations, retry wrappers),
 * and the suites themselves, use only the runtime's root package and its spi (docs/spi.md).
 */
class GeneratedCodeArchitectureTest {
  private static final JavaClasses SUITES = new ClassFileImporter().importPackages("dev.flujo.tests");

  @Test
  void generatedClassesUseOnlyTheRuntimeRootAndSpi() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Dao")
        .or()
        .haveSimpleNameEndingWith("Impl")
        .or()
        .haveSimpleNameStartingWith("Retrying")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.flujo.runtime.internal..")
        .check(SUITES);
  }

  @Test
  void suitesUseOnlyTheRuntimeRootAndSpi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.flujo.runtime.internal..")
        .check(SUITES);
  }
}
