package io.github.simplemqtt.client.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
  @Nullable Duration disconnected(Throwable cause, boolean byUser, int attempts);

  /**
   * Whether the next connection attempt must start a new session and make HiveMQ drop, not send
   * again, the publishes it holds for the old one: the broker refuses one of them (see {@link
   * ClientCore}). HiveMQ then fails them all with a session-expired error and ClientCore sends the
   * others again itself. Asked after {@link #disconnected} returned a delay.
   */
  boolean freshSession();

  /**
   * The broker the next attempt goes to, asked after {@link #disconnected} returned a delay; the
   * same as the last one when the client has only one.
   */
  Servers.Server server();
}
