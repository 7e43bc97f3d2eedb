package io.github.simplemqtt.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The broker answered and refused: a connection (CONNACK), a subscription (SUBACK) or a publish
 * (PUBACK/PUBREC, or, where the broker has no way to say no, closing the connection twice right
 * after it), or it ended the connection with a reason (DISCONNECT). The message says why in words;
 * {@link #reason()} names the reason for code to act on, and {@link #reasonCode()} keeps the number
 * the broker sent.
 *
 * <pre>{@code
 * catch (BrokerRefusedException e) {
 *   if (e.reason() == ReasonCode.NOT_AUTHORIZED) { ... }
 * }
 * }</pre>
 */
public class BrokerRefusedException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  /** The MQTT reason code the broker sent; kept in the serialized form. */
  private final int reasonCode;

  /**
   * Creates the exception; {@link #what()} is the whole message.
   *
   * @param message what the broker refused and why, in words
   * @param reasonCode the reason code as the broker sent it: an MQTT 5 reason code, or an MQTT
   *     3.1.1 CONNACK return code (1 to 5)
   */
  public BrokerRefusedException(String message, int reasonCode) {
    super(message);
    this.reasonCode = reasonCode;
  }

  /**
   * Creates the exception from what the broker refused and what to do, which make its message as
   * {@link MqttClientException} says.
   *
   * @param what what the broker refused and why, in words, without a final period when a fix
   *     follows
   * @param fix what to do, ending with a period; null when there is nothing to add
   * @param reasonCode the reason code as the broker sent it: an MQTT 5 reason code, or an MQTT
   *     3.1.1 CONNACK return code (1 to 5)
   */
  public BrokerRefusedException(String what, @Nullable String fix, int reasonCode) {
    super(what, fix, null);
    this.reasonCode = reasonCode;
  }

  /**
   * Creates the exception for an MQTT 5 reason.
   *
   * @param message what the broker refused and why, in words
   * @param reason the broker's reason
   * @throws IllegalArgumentException for {@link ReasonCode#UNKNOWN}, which has no code: pass the
   *     number the broker sent instead
   */
  public BrokerRefusedException(String message, ReasonCode reason) {
    this(message, codeOf(reason));
  }

  private static int codeOf(ReasonCode reason) {
    if (Objects.requireNonNull(reason, "reason") == ReasonCode.UNKNOWN) {
      throw new IllegalArgumentException(
          "ReasonCode.UNKNOWN has no code; pass the number the broker sent instead.");
    }
    return reason.code();
  }

  /**
   * Why the broker refused, as MQTT 5 names it. For an MQTT 3.1.1 CONNACK return code this is its
   * MQTT 5 equivalent ({@link ReasonCode#ofMqtt3ConnAck}: 5 is {@link ReasonCode#NOT_AUTHORIZED} as
   * 0x87 is); a refused MQTT 3.1.1 subscription, which gives no reason, is {@link
   * ReasonCode#UNSPECIFIED_ERROR}. {@link ReasonCode#UNKNOWN} when {@link #reasonCode()} is in
   * neither table. Never null.
   */
  public ReasonCode reason() {
    ReasonCode mqtt3 = ReasonCode.ofMqtt3ConnAck(reasonCode);
    return mqtt3 != ReasonCode.UNKNOWN ? mqtt3 : ReasonCode.of(reasonCode);
  }

  /**
   * The reason code as the broker sent it: an MQTT 5 reason code (0x80 and above, or 0x00 for a
   * DISCONNECT without error), or for MQTT 3.1.1 the CONNACK return code (1 to 5) or 0x80 for a
   * refused subscription; 0x80 also for a publish the broker answered by closing the connection
   * twice. {@link #reason()} is the same as a name; this number is what the broker put in the
   * packet, so it tells an MQTT 3.1.1 return code from its MQTT 5 equivalent, and keeps a code that
   * {@link ReasonCode} does not list.
   */
  public int reasonCode() {
    return reasonCode;
  }
}
