package io.github.simplemqtt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers the README promises: guarded here, so a change that breaks them fails the build. */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.simplemqtt");
  }

  @Test
  void theClientAndTheKitDoNotKnowEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.github.simplemqtt.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.github.simplemqtt.broker..", "io.github.simplemqtt.testing..")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage("io.github.simplemqtt.broker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.simplemqtt.client..", "io.github.simplemqtt.testing..", "com.hivemq..")
        .check(production);
  }

  @Test
  void onlyTheClientUsesHiveMqAndItsInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.github.simplemqtt.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.github.simplemqtt.client.internal..")
        .check(production);
    classes()
        .that()
        .resideInAnyPackage("io.github.simplemqtt.client", "io.github.simplemqtt.client.tls")
        .and()
        .arePublic()
        .should(exposeNoHiveMqType())
        .check(production);
  }

  /** Users must be able to swap the protocol library without their code changing. */
  private static ArchCondition<JavaClass> exposeNoHiveMqType() {
    return new ArchCondition<>("expose no HiveMQ type in a public or protected signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaCodeUnit unit : type.getCodeUnits()) {
          if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
              && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
            continue;
          }
          Set<JavaClass> signature = new HashSet<>(unit.getReturnType().getAllInvolvedRawTypes());
          unit.getParameterTypes().forEach(p -> signature.addAll(p.getAllInvolvedRawTypes()));
          for (JavaClass used : signature) {
            if (used.getPackageName().startsWith("com.hivemq")) {
              events.add(
                  SimpleConditionEvent.violated(
                      unit, unit.getFullName() + " exposes " + used.getName()));
            }
          }
        }
      }
    };
  }
}
