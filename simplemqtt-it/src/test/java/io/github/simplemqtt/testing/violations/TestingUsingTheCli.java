package io.github.simplemqtt.testing.violations;

import io.github.simplemqtt.cli.Main;

/**
 * A deliberate violation for ArchitectureTest: the testing module (by its package) using the CLI,
 * which no module may use. Test code only; the production rules never see it.
 */
public final class TestingUsingTheCli {
  private TestingUsingTheCli() {}

  /** The CLI's entry point, which the testing module must not know. */
  public static Class<?> cliType() {
    return Main.class;
  }
}
