package io.github.simplemqtt.client;

/**
 * The broker answered and refused: a connection (CONNACK), a subscription (SUBACK) or a publish
 * (PUBACK/PUBREC). The message says why in words; {@link #reasonCode()} keeps the MQTT code.
 */
public class BrokerRefusedException extends MqttClientException {
  private static final long serialVersionUID = 1L;

  /** The MQTT reason code the broker sent; kept in the serialized form. */
  private final int reasonCode;

  /**
   * Creates the exception.
   *
   * @param message what the broker refused and why, in words
   * @param reasonCode the reason code as the broker sent it
   */
  public BrokerRefusedException(String message, int reasonCode) {
    super(message);
    this.reasonCode = reasonCode;
  }

  /**
   * The reason code as the broker sent it: an MQTT 5 reason code (0x80 and above), or for MQTT
   * 3.1.1 the CONNACK return code (1 to 5) or 0x80 for a refused subscription.
   */
  public int reasonCode() {
    return reasonCode;
  }
}
