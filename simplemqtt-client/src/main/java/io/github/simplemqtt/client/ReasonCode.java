package io.github.simplemqtt.client;

/**
 * Why a broker refused or ended something, as MQTT 5 names it: the reason codes a CONNACK, SUBACK,
 * PUBACK, PUBREC or DISCONNECT from the broker can carry when it says no (0x80 and above), and the
 * normal disconnection (0x00) a broker's DISCONNECT may carry. {@link
 * BrokerRefusedException#reason()} gives the one a refusal carried; MQTT 3.1.1's CONNACK return
 * codes map to their MQTT 5 equivalents there.
 *
 * <p>{@link #description()} is the reason in a few words, as it reads inside a sentence; the
 * exception's message says more, and what to do.
 */
public enum ReasonCode {
  /** 0x00: the broker closed the connection without an error. */
  NORMAL_DISCONNECTION(0x00, "normal disconnection"),
  /** 0x80: the broker does not say why, or no other code applies. */
  UNSPECIFIED_ERROR(0x80, "unspecified error"),
  /** 0x81: the broker could not parse a packet. */
  MALFORMED_PACKET(0x81, "malformed packet"),
  /** 0x82: a packet broke the protocol's rules. */
  PROTOCOL_ERROR(0x82, "protocol error"),
  /** 0x83: valid, but the broker's implementation does not accept it. */
  IMPLEMENTATION_SPECIFIC_ERROR(0x83, "implementation-specific error"),
  /** 0x84 (MQTT 3.1.1: return code 1): the broker does not speak this protocol version. */
  UNSUPPORTED_PROTOCOL_VERSION(0x84, "unsupported protocol version"),
  /** 0x85 (MQTT 3.1.1: return code 2): the broker does not accept this client id. */
  CLIENT_IDENTIFIER_NOT_VALID(0x85, "client identifier not valid"),
  /** 0x86 (MQTT 3.1.1: return code 4): the user name or password is not accepted. */
  BAD_USER_NAME_OR_PASSWORD(0x86, "bad user name or password"),
  /**
   * 0x87 (MQTT 3.1.1: return code 5): this client may not do this. Mosquitto also answers a wrong
   * password this way.
   */
  NOT_AUTHORIZED(0x87, "not authorised"),
  /** 0x88 (MQTT 3.1.1: return code 3): the broker is not available. */
  SERVER_UNAVAILABLE(0x88, "server unavailable"),
  /** 0x89: the broker is busy; try again later. */
  SERVER_BUSY(0x89, "server busy"),
  /** 0x8A: this client is banned. */
  BANNED(0x8A, "banned"),
  /** 0x8B: the broker is shutting down. */
  SERVER_SHUTTING_DOWN(0x8B, "server shutting down"),
  /** 0x8C: the authentication method is not supported or does not match. */
  BAD_AUTHENTICATION_METHOD(0x8C, "bad authentication method"),
  /** 0x8D: nothing came from the client within 1.5 times its keep-alive. */
  KEEP_ALIVE_TIMEOUT(0x8D, "keep-alive timeout"),
  /** 0x8E: another connection with the same client id took the session over. */
  SESSION_TAKEN_OVER(0x8E, "session taken over"),
  /** 0x8F: the topic filter is well formed but not accepted. */
  TOPIC_FILTER_INVALID(0x8F, "topic filter invalid"),
  /** 0x90: the topic name is well formed but not accepted. */
  TOPIC_NAME_INVALID(0x90, "topic name invalid"),
  /** 0x91: the packet identifier is already in use. */
  PACKET_IDENTIFIER_IN_USE(0x91, "packet identifier in use"),
  /** 0x92: the packet identifier is not known. */
  PACKET_IDENTIFIER_NOT_FOUND(0x92, "packet identifier not found"),
  /** 0x93: more QoS 1/2 publishes in flight than the broker's Receive Maximum. */
  RECEIVE_MAXIMUM_EXCEEDED(0x93, "receive maximum exceeded"),
  /** 0x94: a topic alias out of range. */
  TOPIC_ALIAS_INVALID(0x94, "topic alias invalid"),
  /** 0x95: the packet is larger than the broker's maximum packet size. */
  PACKET_TOO_LARGE(0x95, "packet too large"),
  /** 0x96: messages come faster than the broker allows. */
  MESSAGE_RATE_TOO_HIGH(0x96, "message rate too high"),
  /** 0x97: an administrative quota is exceeded. */
  QUOTA_EXCEEDED(0x97, "quota exceeded"),
  /** 0x98: an administrator ended the connection. */
  ADMINISTRATIVE_ACTION(0x98, "administrative action"),
  /** 0x99: the payload does not match its payload format indicator. */
  PAYLOAD_FORMAT_INVALID(0x99, "payload format invalid"),
  /** 0x9A: the broker does not support retained messages. */
  RETAIN_NOT_SUPPORTED(0x9A, "retain not supported"),
  /** 0x9B: the broker does not support this QoS. */
  QOS_NOT_SUPPORTED(0x9B, "QoS not supported"),
  /** 0x9C: use another broker, for now. */
  USE_ANOTHER_SERVER(0x9C, "use another server"),
  /** 0x9D: use another broker, from now on. */
  SERVER_MOVED(0x9D, "server moved"),
  /** 0x9E: the broker does not support shared subscriptions. */
  SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, "shared subscriptions not supported"),
  /** 0x9F: the client connects more often than the broker allows. */
  CONNECTION_RATE_EXCEEDED(0x9F, "connection rate exceeded"),
  /** 0xA0: the connection lasted as long as the broker allows. */
  MAXIMUM_CONNECT_TIME(0xA0, "maximum connect time"),
  /** 0xA1: the broker does not support subscription identifiers. */
  SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, "subscription identifiers not supported"),
  /** 0xA2: the broker does not support wildcard subscriptions. */
  WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, "wildcard subscriptions not supported"),
  /**
   * A code not in this table. Its {@link #code()} is -1, which no packet carries; {@link
   * BrokerRefusedException#reasonCode()} keeps the number the broker sent.
   */
  UNKNOWN(-1, "unknown reason");

  private static final ReasonCode[] BY_CODE = new ReasonCode[256];

  static {
    for (ReasonCode reason : values()) {
      if (reason != UNKNOWN) {
        BY_CODE[reason.code] = reason;
      }
    }
  }

  private final int code;
  private final String description;

  ReasonCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The code on the wire (0x00 to 0xA2), or -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The reason in a few words, lower case, such as {@code "bad user name or password"}. */
  public String description() {
    return description;
  }

  /**
   * The MQTT 5 reason with this code, or {@link #UNKNOWN} for a code not in the table (the success
   * codes other than 0x00 among them). {@code of(reason.code()) == reason} for every constant.
   */
  public static ReasonCode of(int code) {
    ReasonCode reason = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    return reason == null ? UNKNOWN : reason;
  }

  /**
   * The MQTT 5 equivalent of an MQTT 3.1.1 CONNACK return code: 1 {@link
   * #UNSUPPORTED_PROTOCOL_VERSION}, 2 {@link #CLIENT_IDENTIFIER_NOT_VALID}, 3 {@link
   * #SERVER_UNAVAILABLE}, 4 {@link #BAD_USER_NAME_OR_PASSWORD}, 5 {@link #NOT_AUTHORIZED}; {@link
   * #UNKNOWN} for any other number.
   */
  public static ReasonCode ofMqtt3ConnAck(int returnCode) {
    return switch (returnCode) {
      case 1 -> UNSUPPORTED_PROTOCOL_VERSION;
      case 2 -> CLIENT_IDENTIFIER_NOT_VALID;
      case 3 -> SERVER_UNAVAILABLE;
      case 4 -> BAD_USER_NAME_OR_PASSWORD;
      case 5 -> NOT_AUTHORIZED;
      default -> UNKNOWN;
    };
  }
}
