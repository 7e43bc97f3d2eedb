package io.github.simplemqtt.client.internal;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.SubscribeOptions;
import java.util.concurrent.CompletableFuture;

/**
 * The part of the client that differs between MQTT 5 and 3.1.1. Keeps HiveMQ's two APIs behind one
 * shape so that {@link ClientCore} holds the behaviour once. Incoming messages go to the inbound
 * sink given to the implementation's constructor, on the network thread.
 */
interface Protocol {

  /** Where a protocol hands incoming messages, with the way to acknowledge each exactly once. */
  @FunctionalInterface
  interface Inbound {
    void accept(Message message, Runnable acknowledge);
  }

  /** Connects; completes with whether the broker resumed an existing session. */
  CompletableFuture<Boolean> connect();

  /** Publishes; {@code properties} are empty unless the connection is MQTT 5. */
  CompletableFuture<Void> publish(
      String topic, byte[] payload, int qos, boolean retain, MessageProperties properties);

  /**
   * Subscribes; its messages arrive at the inbound sink. Completes with the QoS the broker granted,
   * which may be lower than asked.
   */
  CompletableFuture<Integer> subscribe(String filter, SubscribeOptions options);

  CompletableFuture<Void> unsubscribe(String filter);

  /**
   * The client is closing: from now on an incoming flow HiveMQ ends is not replaced. Only close()
   * says so; a disconnect after a timed-out connect does not.
   */
  void closing();

  /** Disconnects gracefully; with {@code keepSession} false the broker may forget the session. */
  CompletableFuture<Void> disconnect(boolean keepSession);

  /**
   * Whether the broker sends one copy of a message per matching subscription (MQTT 5 with
   * Mosquitto) rather than one copy in all (MQTT 3.1.1).
   */
  boolean copiesPerSubscription();
}
