package io.github.simplemqtt.client;

import io.github.simplemqtt.client.internal.Topics;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to subscribe: the QoS, and MQTT 5's subscription options. Immutable; each method returns a
 * copy with one option changed.
 *
 * <pre>{@code
 * client.subscribe("chat/room", SubscribeOptions.qos(1).noLocal(true), handler);
 * }</pre>
 *
 * <p>The options other than the QoS need MQTT 5; asking for one on an MQTT 3.1.1 client fails.
 */
public final class SubscribeOptions {

  /** Whether the broker sends the retained messages that match when the subscription is made. */
  public enum RetainHandling {
    /** Send them at every subscribe (MQTT's default). */
    SEND,
    /** Send them only if the subscription did not exist yet. */
    SEND_IF_NEW,
    /** Never send them at subscribe; only new messages arrive. */
    DONT_SEND
  }

  private final int qos;
  private final boolean noLocal;
  private final boolean retainAsPublished;
  private final RetainHandling retainHandling;

  private SubscribeOptions(
      int qos, boolean noLocal, boolean retainAsPublished, RetainHandling retainHandling) {
    Topics.checkQos(qos);
    this.qos = qos;
    this.noLocal = noLocal;
    this.retainAsPublished = retainAsPublished;
    this.retainHandling = Objects.requireNonNull(retainHandling, "retainHandling");
  }

  /** Options with this QoS (0, 1 or 2) and MQTT's defaults for the rest. */
  public static SubscribeOptions qos(int qos) {
    return new SubscribeOptions(qos, false, false, RetainHandling.SEND);
  }

  /**
   * With {@code true}, the broker does not send this client the messages it publishes itself. Not
   * allowed on a shared subscription ({@code $share/...}).
   */
  public SubscribeOptions noLocal(boolean noLocal) {
    return new SubscribeOptions(qos, noLocal, retainAsPublished, retainHandling);
  }

  /**
   * With {@code true}, messages keep the retain flag they were published with; by default the
   * broker clears it on messages that are not sent from its retained store.
   */
  public SubscribeOptions retainAsPublished(boolean retainAsPublished) {
    return new SubscribeOptions(qos, noLocal, retainAsPublished, retainHandling);
  }

  /** When the broker sends the matching retained messages; see {@link RetainHandling}. */
  public SubscribeOptions retainHandling(RetainHandling retainHandling) {
    return new SubscribeOptions(qos, noLocal, retainAsPublished, retainHandling);
  }

  /** The QoS asked for. */
  public int qos() {
    return qos;
  }

  /** Whether the client's own messages are left out. */
  public boolean noLocal() {
    return noLocal;
  }

  /** Whether messages keep the retain flag they were published with. */
  public boolean retainAsPublished() {
    return retainAsPublished;
  }

  /** When retained messages are sent at subscribe. */
  public RetainHandling retainHandling() {
    return retainHandling;
  }

  /** Whether any option besides the QoS differs from MQTT's default, which needs MQTT 5. */
  public boolean needsMqtt5() {
    return noLocal || retainAsPublished || retainHandling != RetainHandling.SEND;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SubscribeOptions that
        && qos == that.qos
        && noLocal == that.noLocal
        && retainAsPublished == that.retainAsPublished
        && retainHandling == that.retainHandling;
  }

  @Override
  public int hashCode() {
    return Objects.hash(qos, noLocal, retainAsPublished, retainHandling);
  }

  @Override
  public String toString() {
    return "SubscribeOptions[qos="
        + qos
        + (noLocal ? ", noLocal" : "")
        + (retainAsPublished ? ", retainAsPublished" : "")
        + (retainHandling != RetainHandling.SEND ? ", retainHandling=" + retainHandling : "")
        + "]";
  }
}
