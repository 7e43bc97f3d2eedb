package io.github.simplemqtt.benchmarks;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The client libraries the bench compares. */
enum Library {
  SIMPLEMQTT("simplemqtt", true, SimpleMqttClient::new),
  SIMPLEMQTT_INLINE("simplemqtt (inline handlers)", true, () -> new SimpleMqttClient(true)),
  HIVEMQ("HiveMQ client", false, HiveMqClient::new),
  PAHO("Paho Java", false, () -> new PahoClient(PahoClient.WIDE_INFLIGHT)),
  MOSQUITTO("mosquitto_pub/sub", false, null);

  private final String label;
  private final boolean ours;
  private final @Nullable Supplier<BenchClient> factory;

  Library(String label, boolean ours, @Nullable Supplier<BenchClient> factory) {
    this.label = label;
    this.ours = ours;
    this.factory = factory;
  }

  String label() {
    return label;
  }

  boolean ours() {
    return ours;
  }

  /** A new Java client set up for pipelining at {@code qos}. */
  BenchClient create(int qos) {
    return this == PAHO && qos == 2 ? new PahoClient(PahoClient.QOS2_INFLIGHT) : create();
  }

  /** A new Java client; not for {@link #MOSQUITTO}, which runs as processes. */
  BenchClient create() {
    if (factory == null) {
      throw new IllegalStateException(label + " runs as processes, not in this JVM");
    }
    return factory.get();
  }
}
