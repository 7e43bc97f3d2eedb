package io.github.simplemqtt.client.violations;

import io.github.simplemqtt.broker.BrokerDirectory;

/**
 * A deliberate violation for ArchitectureTest: a class in the client's packages that uses the kit.
 * Test code only; the production rules never see it.
 */
public final class ClientUsingTheKit {
  private ClientUsingTheKit() {}

  /** The kit's directory type, which the client must not know. */
  public static Class<?> kitType() {
    return BrokerDirectory.class;
  }
}
