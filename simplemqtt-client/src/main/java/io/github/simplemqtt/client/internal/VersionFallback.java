package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.SubscribeOptions;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The protocol of a client that may fall back from MQTT 5 to 3.1.1 ({@code fallbackToMqtt311}):
 * MQTT 5 until {@link #fallBack()}, MQTT 3.1.1 from then on, for good, reconnects included. The
 * 3.1.1 protocol (a HiveMQ client of its own) is made only on falling back. Thread-safe.
 */
final class VersionFallback implements Protocol {
  private final Supplier<Protocol> mqtt311;
  private volatile Protocol current;
  private volatile MqttVersion version = MqttVersion.V5;

  VersionFallback(Protocol mqtt5, Supplier<Protocol> mqtt311) {
    this.current = mqtt5;
    this.mqtt311 = mqtt311;
  }

  /** The version in use: MQTT 5, or 3.1.1 once fallen back. */
  MqttVersion version() {
    return version;
  }

  /**
   * Switches to MQTT 3.1.1, once; returns false when already there. Call only while not connected
   * (the first connect refused MQTT 5).
   */
  synchronized boolean fallBack() {
    if (version == MqttVersion.V3_1_1) {
      return false;
    }
    current.closing(); // never connected; its flow of incoming messages is not replaced any more
    current = mqtt311.get();
    version = MqttVersion.V3_1_1;
    return true;
  }

  @Override
  public CompletableFuture<Boolean> connect() {
    return current.connect();
  }

  @Override
  public CompletableFuture<Void> publish(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
    return current.publish(topic, payload, qos, retain, properties);
  }

  @Override
  public CompletableFuture<Integer> subscribe(String filter, SubscribeOptions options) {
    return current.subscribe(filter, options);
  }

  @Override
  public CompletableFuture<Void> unsubscribe(String filter) {
    return current.unsubscribe(filter);
  }

  @Override
  public void closing() {
    current.closing();
  }

  @Override
  public CompletableFuture<Void> disconnect(boolean keepSession) {
    return current.disconnect(keepSession);
  }

  @Override
  public boolean copiesPerSubscription() {
    return current.copiesPerSubscription();
  }
}
