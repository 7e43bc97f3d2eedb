package io.github.simplemqtt.client;

/**
 * The broker answered and refused: a connection (CONNACK), a subscription (SUBACK) or a publish
 * (PUBACK/PUBREC, or, where the broker has no way to say no, closing the connection twice right
 * after it). The message says why in words; {@link #reasonCode()} keeps the MQTT code.
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
   * 3.1.1 the CONNACK return code (1 to 5) or 0x80 for a refused subscription; 0x80 also for a
   * publish the broker answered by closing the connection twice.
   */
  public int reasonCode() {
    return reasonCode;
  }
}
