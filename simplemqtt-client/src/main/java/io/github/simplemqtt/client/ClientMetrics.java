package io.github.simplemqtt.client;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a client has done since it was built, and its state now: read it with {@link
 * MqttClient#metrics()} instead of parsing logs. A snapshot; each call makes a new one. The
 * optional {@code simplemqtt-micrometer} module turns these into Micrometer meters.
 *
 * <p>The counts are kept without locks, so a snapshot may trail by a moment: a {@code publishAsync}
 * future completes just before its publish is counted as acknowledged or failed.
 */
public final class ClientMetrics {

  /** Where the client's connection stands. */
  public enum State {
    /** Built, {@code connect()} not yet successful. */
    NEW,
    /** Connected to the broker. */
    CONNECTED,
    /** The connection was lost and the client is reconnecting by itself. */
    RECONNECTING,
    /** The connection was lost and the client will not reconnect (reconnect off, or refused). */
    DISCONNECTED,
    /** {@link MqttClient#close()} was called. */
    CLOSED
  }

  private final long published;
  private final long acknowledged;
  private final long failed;
  private final long delivered;
  private final long droppedSlowHandler;
  private final long droppedAtClose;
  private final long reconnects;
  private final long droppedUnmatched;
  private final State state;
  private final @Nullable MqttClientException lastDisconnectCause;

  ClientMetrics(long[] counts, State state, @Nullable MqttClientException lastDisconnectCause) {
    this.published = counts[0];
    this.acknowledged = counts[1];
    this.failed = counts[2];
    this.delivered = counts[3];
    this.droppedSlowHandler = counts[4];
    this.droppedAtClose = counts[5];
    this.reconnects = counts[6];
    this.droppedUnmatched = counts[7];
    this.state = state;
    this.lastDisconnectCause = lastDisconnectCause;
  }

  /** Publish calls accepted (valid topic, QoS and payload), blocking and asynchronous. */
  public long published() {
    return published;
  }

  /** Publishes the broker acknowledged (for QoS 0: written to the network). */
  public long acknowledged() {
    return acknowledged;
  }

  /** Publishes that failed: refused, timed out waiting for room, or closed before acknowledged. */
  public long failed() {
    return failed;
  }

  /** Publishes whose outcome is not known yet: published, neither acknowledged nor failed. */
  public long inFlight() {
    return Math.max(0, published - acknowledged - failed);
  }

  /** Received messages handed to a handler (counted once per handler). */
  public long delivered() {
    return delivered;
  }

  /**
   * Received QoS 0 messages dropped because their handler was too far behind ({@link
   * MqttClient.Builder#maxQueuedBytesPerSubscription}); QoS 1 and 2 are held back instead.
   */
  public long droppedSlowHandler() {
    return droppedSlowHandler;
  }

  /** Received messages still waiting for a handler when the client closed or unsubscribed. */
  public long droppedAtClose() {
    return droppedAtClose;
  }

  /**
   * Received QoS 1/2 messages that no subscription matched within a few seconds (for example a
   * resumed session's messages for a topic no longer subscribed), acknowledged and dropped.
   */
  public long droppedUnmatched() {
    return droppedUnmatched;
  }

  /** Connections re-established after a loss. */
  public long reconnects() {
    return reconnects;
  }

  /** The connection's state now. */
  public State state() {
    return state;
  }

  /** Why the connection was last lost, in words; empty if it never was. */
  public Optional<MqttClientException> lastDisconnectCause() {
    return Optional.ofNullable(lastDisconnectCause);
  }

  @Override
  public String toString() {
    return "ClientMetrics[state="
        + state
        + ", published="
        + published
        + ", acknowledged="
        + acknowledged
        + ", failed="
        + failed
        + ", inFlight="
        + inFlight()
        + ", delivered="
        + delivered
        + ", droppedSlowHandler="
        + droppedSlowHandler
        + ", droppedAtClose="
        + droppedAtClose
        + ", droppedUnmatched="
        + droppedUnmatched
        + ", reconnects="
        + reconnects
        + "]";
  }
}
