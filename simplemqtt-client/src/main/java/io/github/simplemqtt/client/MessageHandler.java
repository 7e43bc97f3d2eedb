package io.github.simplemqtt.client;

/**
 * Receives the messages of one subscription.
 *
 * <p>Runs on the client's handler executor, never on the network thread, one message at a time per
 * subscription and in the order the broker delivered them. Different subscriptions run
 * concurrently. A handler should return quickly; an exception it throws is logged and the
 * subscription carries on with the next message.
 */
@FunctionalInterface
public interface MessageHandler {
  /**
   * Handles one message.
   *
   * @param message the message as the broker delivered it
   * @throws Exception anything; it is logged and the subscription carries on
   */
  void onMessage(Message message) throws Exception;
}
