package io.github.simplemqtt.architecture.violations;

import io.github.simplemqtt.client.internal.ClientConfig;

/**
 * A deliberate violation for ArchitectureTest: a class outside the client that reaches the client's
 * internal package. Test code only; the production rules never see it.
 */
public final class BenchReachingClientInternals {
  private BenchReachingClientInternals() {}

  /** The client's internal settings type, which only the client may use. */
  public static Class<?> internalType() {
    return ClientConfig.class;
  }
}
