package io.github.simplemqtt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.simplemqtt.architecture.violations.BenchReachingClientInternals;
import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.cli.Main;
import io.github.simplemqtt.client.violations.ClientUsingTheKit;
import io.github.simplemqtt.testing.violations.TestingUsingTheCli;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers the README promises: guarded here, so a change that breaks them fails the build. */
class ArchitectureTest {
  private static final String ROOT = "io.github.simplemqtt";

  /** The root package of each module with code, under {@link #ROOT}: one layer each below. */
  private static final List<String> MODULES =
      List.of("tls", "client", "broker", "micrometer", "testing", "benchmarks", "cli");

  /**
   * One layer per module, and who may use whom. The client and the kit are independent halves; the
   * testing module, the benchmarks and the CLI put them together; nothing uses the CLI. The shared
   * TLS module, once it exists, sits below both halves.
   */
  static final ArchRule MODULE_LAYERS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("tls")
          .definedBy(ROOT + ".tls..")
          .layer("client")
          .definedBy(ROOT + ".client..")
          .layer("kit")
          .definedBy(ROOT + ".broker..")
          .layer("micrometer")
          .definedBy(ROOT + ".micrometer..")
          .layer("testing")
          .definedBy(ROOT + ".testing..")
          .layer("benchmarks")
          .definedBy(ROOT + ".benchmarks..")
          .layer("cli")
          .definedBy(ROOT + ".cli..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("benchmarks")
          .mayOnlyBeAccessedByLayers("cli") // the bench command
          .whereLayer("testing")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("micrometer")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("kit")
          .mayOnlyBeAccessedByLayers("testing", "benchmarks", "cli")
          .whereLayer("client")
          .mayOnlyBeAccessedByLayers("micrometer", "testing", "benchmarks", "cli")
          .whereLayer("tls")
          .mayOnlyBeAccessedByLayers("client", "kit", "testing", "benchmarks", "cli");

  /**
   * A module's {@code internal} package is its own: the others (the benchmarks included) use the
   * public API only.
   */
  static final ArchRule NO_OTHER_MODULES_INTERNALS =
      classes()
          .that()
          .resideInAPackage(ROOT + "..")
          .should(reachNoOtherModulesInternalPackage())
          .allowEmptyShould(true);

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.simplemqtt");
  }

  /**
   * The layers are optional (a rule over an empty layer passes), so this is what makes the rules
   * cover every module: each module with code is on this module's test class path and imported.
   */
  @Test
  void everyModuleIsImported() {
    for (String module : MODULES) {
      String root = ROOT + "." + module;
      assertThat(production.stream().map(JavaClass::getPackageName))
          .as("classes of %s (is its module a test dependency of simplemqtt-it?)", root)
          .anyMatch(p -> p.equals(root) || p.startsWith(root + "."));
    }
  }

  @Test
  void eachModuleUsesOnlyTheModulesBelowIt() {
    MODULE_LAYERS.check(production);
  }

  @Test
  void noModuleReachesAnotherModulesInternalPackage() {
    NO_OTHER_MODULES_INTERNALS.check(production);
  }

  /** The rules are not vacuous: each catches a deliberate violation (in this module's tests). */
  @Test
  void theRulesCatchDeliberateViolations() {
    // A layer rule looks at who uses a layer's classes, so the used kit class is imported too.
    JavaClasses violations =
        new ClassFileImporter()
            .importClasses(
                ClientUsingTheKit.class,
                BrokerDirectory.class,
                BenchReachingClientInternals.class,
                TestingUsingTheCli.class,
                Main.class);

    EvaluationResult layers = MODULE_LAYERS.evaluate(violations);
    assertThat(layers.hasViolation()).isTrue();
    assertThat(layers.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains(ClientUsingTheKit.class.getName()))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(TestingUsingTheCli.class.getName())
                    .contains(Main.class.getName()));

    EvaluationResult internals = NO_OTHER_MODULES_INTERNALS.evaluate(violations);
    assertThat(internals.getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(BenchReachingClientInternals.class.getName())
                    .contains("io.github.simplemqtt.client.internal"));
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
  void theTlsModuleKnowsNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("io.github.simplemqtt.tls..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.simplemqtt.client..",
            "io.github.simplemqtt.broker..",
            "io.github.simplemqtt.testing..",
            "io.github.simplemqtt.cli..",
            "com.hivemq..")
        .check(production);
  }

  /** One home for PEM: the client, the kit and the CLI read and write it through the tls module. */
  @Test
  void onlyTheTlsModuleParsesAndWritesPem() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.github.simplemqtt.tls..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bouncycastle.openssl..", "org.bouncycastle.util.io.pem..")
        .check(production);
    // The client needs no Bouncy Castle of its own (the kit still makes certificates with it).
    noClasses()
        .that()
        .resideInAPackage("io.github.simplemqtt.client..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .check(production);
    classes()
        .that()
        .resideInAPackage("io.github.simplemqtt.tls")
        .and()
        .arePublic()
        .should(exposeNoTypeFrom("org.bouncycastle"))
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
        .should(exposeNoTypeFrom("com.hivemq"))
        .check(production);
  }

  /**
   * No dependency on a class in {@code M.internal} from outside {@code M}, for any module package
   * {@code M} (such as {@code io.github.simplemqtt.client}).
   */
  private static ArchCondition<JavaClass> reachNoOtherModulesInternalPackage() {
    return new ArchCondition<>("reach no other module's internal package") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          int internal = target.indexOf(".internal");
          if (!target.startsWith(ROOT + ".") || internal < 0) {
            continue;
          }
          String owner = target.substring(0, internal);
          String origin = type.getPackageName();
          if (!origin.equals(owner) && !origin.startsWith(owner + ".")) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /**
   * Users must be able to swap the protocol library (HiveMQ's) or the PEM library (Bouncy Castle)
   * without their code changing.
   */
  private static ArchCondition<JavaClass> exposeNoTypeFrom(String packagePrefix) {
    return new ArchCondition<>(
        "expose no " + packagePrefix + " type in a public or protected signature") {
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
            if (used.getPackageName().startsWith(packagePrefix)) {
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
