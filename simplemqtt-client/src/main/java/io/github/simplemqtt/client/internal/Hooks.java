package io.github.simplemqtt.client.internal;

import java.time.Duration;

/** What a {@link Protocol} reports back to {@link ClientCore}; called on the network thread. */
interface Hooks {

  void connected(boolean sessionPresent);

  /**
   * The connection is gone (or a reconnect attempt failed).
   *
   * @param byUser whether our own disconnect caused it
   * @param attempts reconnect attempts made so far in this outage
   * @return how long to wait before the next attempt, or null to stay disconnected
   */
  Duration disconnected(Throwable cause, boolean byUser, int attempts);
}
