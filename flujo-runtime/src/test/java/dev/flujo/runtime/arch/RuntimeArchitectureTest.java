package dev.flujo.runtime.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layering as a failing build: the root package is what applications type, {@code
 * spi} is what generated code calls, {@code internal} is neither and never shows through the other
 * two (docs/architecture.md).
 */
class RuntimeArchitectureTest {
  private static final String ROOT = "dev.flujo.runtime";
  private static final String SPI = "dev.flujo.runtime.spi";
  private static final String INTERNAL = "dev.flujo.runtime.internal..";

  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void subpackagesAreFreeOfCycles() {
    slices().matching("dev.flujo.runtime.(**)").should().beFreeOfCycles().check(RUNTIME);
  }

  @Test
  void spiDoesNotDependOnInternals() {
    noClasses()
        .that()
        .resideInAPackage(SPI)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(INTERNAL)
        .check(RUNTIME);
  }

  @Test
  void internalsDoNotReachBackIntoTheDatabaseFacade() {
    noClasses()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are the StateDatabase facade's builder",
                (JavaClass c) -> c.getName().equals(ROOT + ".StateDatabase$Builder")))
        .check(RUNTIME);
  }

  @Test
  void publicSignaturesOfRootAndSpiNeverNameInternalTypes() {
    classes()
        .that()
        .resideInAnyPackage(ROOT, SPI)
        .and()
        .arePublic()
        .should(exposeNoInternalType())
        .check(RUNTIME);
  }

  @Test
  void everyPackageUnderTheRuntimeIsRootSpiOrInternal() {
    classes()
        .should()
        .resideInAnyPackage(ROOT, SPI, INTERNAL)
        .check(RUNTIME);
  }

  private static ArchCondition<JavaClass> exposeNoInternalType() {
    return new ArchCondition<>("expose no type from " + INTERNAL + " in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        List<String> leaks = new ArrayList<>();
        if (type.getRawSuperclass().isPresent()) {
          leak(leaks, type.getRawSuperclass().get(), type.getName() + " extends");
        }
        for (JavaType i : type.getInterfaces()) {
          leak(leaks, i.toErasure(), type.getName() + " implements");
        }
        for (JavaField f : type.getFields()) {
          if (visible(f.getModifiers())) {
            leak(leaks, f.getRawType(), f.getFullName());
          }
        }
        for (JavaCodeUnit m : type.getCodeUnits()) {
          if (!visible(m.getModifiers())) {
            continue;
          }
          leak(leaks, m.getRawReturnType(), m.getFullName() + " returns");
          for (JavaClass p : m.getRawParameterTypes()) {
            leak(leaks, p, m.getFullName() + " takes");
          }
          for (JavaClass t : m.getExceptionTypes()) {
            leak(leaks, t, m.getFullName() + " throws");
          }
        }
        for (String leak : leaks) {
          events.add(SimpleConditionEvent.violated(type, leak));
        }
      }
    };
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  private static void leak(List<String> leaks, JavaClass type, String where) {
    if (type.getPackageName().startsWith("dev.flujo.runtime.internal")) {
      leaks.add(where + " " + type.getName());
    }
  }
}
