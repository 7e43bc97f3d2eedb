package io.github.simplemqtt.client;

/**
 * Told when the client connects and when it loses its connection. Called on a client thread; must
 * not block.
 */
public interface ConnectionListener {

  /**
   * The client is connected (first connect or reconnect).
   *
   * @param sessionResumed true when the broker still had this client's session, so subscriptions
   *     and in-flight messages carried over; false when it started a fresh one, in which case the
   *     client has already subscribed again by itself: a message published from now on reaches
   *     every subscription
   */
  default void connected(boolean sessionResumed) {}

  /**
   * The connection was lost or could not be re-established.
   *
   * @param cause what happened, in words
   * @param reconnecting whether the client will try again by itself
   */
  default void disconnected(MqttClientException cause, boolean reconnecting) {}
}
