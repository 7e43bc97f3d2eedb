package io.github.simplemqtt.broker.process;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LocalBrokerIT}: starts the broker of the directory given as the
 * argument and exits, as {@code simplemqtt broker start} does.
 */
public final class DetachedStart {
  private DetachedStart() {}

  /** Starts the broker in {@code args[0]} and prints its pid. */
  public static void main(String[] args) {
    RunningBroker running = LocalBroker.of(Path.of(args[0])).start();
    System.out.println("started pid " + running.pid());
  }
}
