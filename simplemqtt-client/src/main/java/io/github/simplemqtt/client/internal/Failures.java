package io.github.simplemqtt.client.internal;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttDecodeException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.ReasonCode;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what HiveMQ's client, Netty and the JDK throw into our exceptions, with messages that say
 * what happened in words and what to do. The original cause stays attached for {@code --debug}.
 */
final class Failures {
  /** The brokers; messages name the current one, the one that failed. */
  private final Servers servers;

  private final boolean tls;

  /** The client's TLS, when it has one: it knows whether a client certificate is presented. */
  private final @Nullable TlsSetup tlsSetup;

  private final Duration connectTimeout;

  Failures(Servers servers, boolean tls, Duration connectTimeout) {
    this.servers = servers;
    this.tls = tls;
    this.tlsSetup = null;
    this.connectTimeout = connectTimeout;
  }

  Failures(Servers servers, @Nullable TlsSetup tls, Duration connectTimeout) {
    this.servers = servers;
    this.tls = tls != null;
    this.tlsSetup = tls;
    this.connectTimeout = connectTimeout;
  }

  String endpoint() {
    return servers.current().toString();
  }

  /**
   * Why {@code connect()} failed. When a plain connect was closed unanswered this asks the port
   * whether it speaks TLS (see {@link TlsProbe}), so call it on the caller's thread.
   */
  MqttClientException connect(Throwable failure) {
    return explainConnect(failure, true);
  }

  /** As {@link #connect}, without asking the port anything: for the network thread. */
  MqttClientException connectWithoutProbe(Throwable failure) {
    return explainConnect(failure, false);
  }

  private MqttClientException explainConnect(Throwable failure, boolean mayProbe) {
    Throwable t = unwrap(failure);
    if (t instanceof MqttClientException ours) {
      return ours;
    }
    if (tls) {
      String host = servers.current().host();
      int port = servers.current().port();
      var explained =
          tlsSetup != null
              ? tlsSetup.explainFailure(t, host, port)
              : TlsSetup.explain(t, host, port);
      if (explained.isPresent()) {
        return explained.get();
      }
    }
    Mqtt5ConnAckException connAck5 = find(t, Mqtt5ConnAckException.class);
    if (connAck5 != null) {
      var ack = connAck5.getMqttMessage();
      int code = ack.getReasonCode().getCode();
      String reason = ack.getReasonString().map(s -> " (broker says: " + s + ")").orElse("");
      return new BrokerRefusedException(
          "The broker at "
              + endpoint()
              + " refused the connection: "
              + ReasonCodes.connect5(code)
              + reason
              + ".",
          code);
    }
    Mqtt3ConnAckException connAck3 = find(t, Mqtt3ConnAckException.class);
    if (connAck3 != null) {
      int code = connAck3.getMqttMessage().getReturnCode().getCode();
      return new BrokerRefusedException(
          "The broker at "
              + endpoint()
              + " refused the connection: "
              + ReasonCodes.connect3(code)
              + ".",
          code);
    }
    if (find(t, UnknownHostException.class) != null) {
      return new ConnectionException(
          "Cannot resolve the host name '" + servers.current().host() + "'",
          "check its spelling or use the broker's IP address.",
          failure);
    }
    if (find(t, NoRouteToHostException.class) != null) {
      return new ConnectionException(
          "No route to " + endpoint(), "check the address and the network.", failure);
    }
    if (isConnectTimeout(t)) {
      return new ConnectionException(
          "Timed out after " + connectTimeout.toSeconds() + " s connecting to " + endpoint(),
          "check the address, and that no firewall drops the traffic.",
          failure);
    }
    ConnectException refused = find(t, ConnectException.class);
    if (refused != null) {
      return new ConnectionException(
          "Nothing is listening on " + endpoint() + " (connection refused)",
          "start the broker, or check the host and port.",
          failure);
    }
    String message = String.valueOf(rootMessage(t));
    if (message.contains("CONNACK")) {
      // Silence is no sign of TLS: a TLS port answers a plain CONNECT at once, with an alert or a
      // close (and probing a port that holds connections silently would take the connect timeout
      // again). NATS keeps a CONNECT unanswered for 4 s, then closes, while JetStream is
      // unavailable.
      return new ConnectionException(
          "Connected to "
              + endpoint()
              + " and sent our MQTT CONNECT, but no answer came within "
              + connectTimeout.toSeconds()
              + " s",
          "the broker may be overloaded or not ready (NATS, for one, leaves a CONNECT unanswered"
              + " while its JetStream is unavailable), see its log.",
          failure);
    }
    boolean closed = find(t, ConnectionClosedException.class) != null;
    boolean reset = isReset(t);
    boolean notMqtt = find(t, MqttDecodeException.class) != null;
    if (!tls && (closed || reset || notMqtt)) {
      return unansweredPlainConnect(failure, reset, notMqtt, mayProbe);
    }
    if (closed) {
      return new ConnectionException(
          "The broker at " + endpoint() + " closed the connection while we were connecting",
          "it may have rejected our client certificate, see the broker's log.",
          failure);
    }
    return new ConnectionException(
        "Could not connect to " + endpoint() + ": " + message + ".", failure);
  }

  /**
   * A plain connect the server closed, reset or answered with something other than MQTT. That is
   * what a TLS port does, but also what many other things do: TLS is suggested only when the answer
   * looks like TLS, the port answers a TLS handshake, or it is 8883, MQTT over TLS's registered
   * port.
   */
  private MqttClientException unansweredPlainConnect(
      Throwable failure, boolean reset, boolean notMqtt, boolean mayProbe) {
    String happened =
        notMqtt
            ? "answered our MQTT CONNECT with something that is not MQTT"
            : (reset ? "reset" : "closed") + " the connection before answering our MQTT CONNECT";
    String tlsSign;
    if (notMqtt && String.valueOf(rootMessage(failure)).contains("decoding CONNECT")) {
      // A server never sends CONNECT (type 1); a first byte of 0x14 to 0x17 starts a TLS record.
      tlsSign = "its answer starts like a TLS record";
    } else if (mayProbe
        && TlsProbe.answersTls(
            servers.current().host(), servers.current().port(), connectTimeout)) {
      tlsSign = "that port speaks TLS";
    } else if (servers.current().port() == 8883) {
      tlsSign = "8883 is the port of MQTT over TLS";
    } else {
      tlsSign = null;
    }
    if (tlsSign != null) {
      return new ConnectionException(
          "The server at "
              + endpoint()
              + " "
              + happened
              + ", and "
              + tlsSign
              + ": connect with tls(...), or to the broker's plain port (often 1883).",
          failure);
    }
    return new ConnectionException(
        "The server at " + endpoint() + " " + happened,
        "check the host and port, and the broker's log for why.",
        failure);
  }

  /** Whether the peer reset the connection (TCP RST) rather than closing it. */
  private static boolean isReset(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("reset")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Why a subscription failed. */
  MqttClientException subscribe(Throwable failure, String filter) {
    Throwable t = unwrap(failure);
    Mqtt5SubAckException subAck5 = find(t, Mqtt5SubAckException.class);
    if (subAck5 != null) {
      int code =
          subAck5.getMqttMessage().getReasonCodes().stream()
              .filter(Mqtt5SubAckReasonCode::isError)
              .mapToInt(Mqtt5SubAckReasonCode::getCode)
              .findFirst()
              .orElse(0x80);
      return new BrokerRefusedException(
          "The broker refused the subscription to '"
              + filter
              + "': "
              + ReasonCodes.other5(code)
              + ".",
          code);
    }
    if (find(t, Mqtt3SubAckException.class) != null) {
      return new BrokerRefusedException(
          "The broker refused the subscription to '"
              + filter
              + "' (MQTT 3.1.1 gives no reason; "
              + (hasCharactersNatsRefuses(filter)
                  ? "some brokers refuse '.' and ' ' in topic filters, NATS among them, and its ACL"
                      + " may not allow this user that topic either"
                  : "usually its ACL does not allow this user that topic")
              + ").",
          ReasonCode.UNSPECIFIED_ERROR);
    }
    return operation(failure, "subscribing to '" + filter + "'");
  }

  /** Why a publish failed. */
  MqttClientException publish(Throwable failure, String topic) {
    Throwable t = unwrap(failure);
    Mqtt5PubAckException pubAck = find(t, Mqtt5PubAckException.class);
    if (pubAck != null) {
      int code = pubAck.getMqttMessage().getReasonCode().getCode();
      return refusedPublish(topic, code);
    }
    Mqtt5PubRecException pubRec = find(t, Mqtt5PubRecException.class);
    if (pubRec != null) {
      int code = pubRec.getMqttMessage().getReasonCode().getCode();
      return refusedPublish(topic, code);
    }
    String root = String.valueOf(rootMessage(t));
    if (root.contains("exceeded maximum packet size")) {
      // HiveMQ checks the broker's Maximum Packet Size (from CONNACK) before sending; the
      // connection stays up.
      java.util.regex.Matcher sizes =
          java.util.regex.Pattern.compile("length: (\\d+), maximum: (\\d+)").matcher(root);
      String detail =
          sizes.find()
              ? ": it would be a "
                  + sizes.group(1)
                  + "-byte packet and the broker accepts at most "
                  + sizes.group(2)
                  + " bytes"
              : "";
      return new MqttClientException(
          "The message to '"
              + topic
              + "' is too large for the broker at "
              + endpoint()
              + detail
              + " (its max_packet_size); it was not sent",
          "Send a smaller payload, or raise the broker's limit.",
          failure);
    }
    return operation(failure, "publishing to '" + topic + "'");
  }

  private static BrokerRefusedException refusedPublish(String topic, int code) {
    return new BrokerRefusedException(
        "The broker refused the message to '" + topic + "': " + ReasonCodes.other5(code) + ".",
        code);
  }

  /** Why an operation on a connected client failed. */
  MqttClientException operation(Throwable failure, String what) {
    Throwable t = unwrap(failure);
    if (t instanceof MqttClientException ours) {
      return ours;
    }
    if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      if (!(t instanceof MqttClientStateException)) {
        return new MqttClientException(
            "Failed " + what + ": " + t.getMessage(), t); // HiveMQ's own validation
      }
    }
    if (t instanceof MqttClientStateException) {
      return new ConnectionException(
          "Not connected to " + endpoint() + " while " + what, "call connect() first.", failure);
    }
    if (t instanceof MqttSessionExpiredException) {
      return new ConnectionException(
          "The broker at " + endpoint() + " lost this client's session while " + what,
          "the operation was not completed, try it again.",
          failure);
    }
    if (find(t, Mqtt5DisconnectException.class) != null) {
      return disconnected(t);
    }
    if (t instanceof ConnectionClosedException || t instanceof ConnectionFailedException) {
      return new ConnectionException(
          "The connection to " + endpoint() + " was lost while " + what + ".", failure);
    }
    return new MqttClientException("Failed " + what + ": " + rootMessage(t) + ".", failure);
  }

  /** Why the connection went away, for connection listeners. */
  MqttClientException disconnected(Throwable failure) {
    Throwable t = unwrap(failure);
    Mqtt5DisconnectException disconnect = find(t, Mqtt5DisconnectException.class);
    if (disconnect != null) {
      var message = disconnect.getMqttMessage();
      int code = message.getReasonCode().getCode();
      String reason = message.getReasonString().map(s -> " (broker says: " + s + ")").orElse("");
      return new BrokerRefusedException(
          "The broker at "
              + endpoint()
              + " closed the connection: "
              + ReasonCodes.other5(code)
              + reason
              + ".",
          code);
    }
    if (find(t, javax.net.ssl.SSLException.class) != null) {
      // A failed TLS handshake on a reconnect (say, a certificate revoked meanwhile) is explained
      // like the first connect's, so the reconnect policy sees a refusal, not a lost connection.
      return explainConnect(failure, false);
    }
    if (find(t, ConnectionClosedException.class) != null && isKeepAliveTimeout(t)) {
      // HiveMQ closes the connection itself when no PINGRESP comes; the broker closed nothing.
      return new ConnectionException(
          "The broker at "
              + endpoint()
              + " stopped answering within the keep-alive; the network or the broker may be down.",
          failure);
    }
    ClosedAfterPublish afterPublish = find(t, ClosedAfterPublish.class);
    ContentRefusal knownRefusal =
        afterPublish == null ? null : refusedByContent(afterPublish.topic, afterPublish.qos);
    if (afterPublish != null && knownRefusal != null) {
      return new ConnectionException(
          closedRightAfter(afterPublish)
              + ", without a reason (MQTT 3.1.1 has no way to give one): "
              + knownRefusal.why(),
          knownRefusal.fix(),
          failure);
    }
    if (afterPublish != null) {
      return new ConnectionException(
          closedRightAfter(afterPublish)
              + ". MQTT 3.1.1 gives no reason and no way to learn the broker's maximum"
              + " packet size: if the message is larger than its max_packet_size, the broker dropped"
              + " it"
              + (afterPublish.qos == 0 ? " and it is lost" : ""),
          "Send a smaller payload, or raise the broker's limit.",
          failure);
    }
    if (find(t, ConnectionClosedException.class) != null) {
      return new ConnectionException(
          "The broker at " + endpoint() + " closed the connection.", failure);
    }
    return explainConnect(failure, false);
  }

  /**
   * "The broker at H:P closed the connection right after the message to 'T' (QoS Q, a N-byte
   * packet)".
   */
  private String closedRightAfter(ClosedAfterPublish publish) {
    return "The broker at "
        + endpoint()
        + " closed the connection right after the message to '"
        + publish.topic
        + "' (QoS "
        + publish.qos
        + ", a "
        + publish.packetBytes
        + "-byte packet)";
  }

  /**
   * Why a broker may refuse a publish by closing the connection whatever its size, and what to do
   * there, or null when nothing in it is known to be refused: QoS 2, or {@code .} or a space in the
   * topic, which NATS (MQTT 3.1.1, QoS 0 and 1 only) answers by closing the connection.
   */
  static @Nullable ContentRefusal refusedByContent(String topic, int qos) {
    if (qos == 2) {
      return new ContentRefusal(
          "some brokers accept only QoS 0 and 1 (NATS among them) and close the connection on a"
              + " QoS 2 publish",
          "publish at QoS 1 there.");
    }
    if (hasCharactersNatsRefuses(topic)) {
      return new ContentRefusal(
          "some brokers refuse '.' and ' ' in topics (NATS among them) and close the connection"
              + " on such a publish",
          "use other characters there.");
    }
    return null;
  }

  /**
   * What in a publish some brokers refuse, in words that follow what the broker did, and what to do
   * about it, as an exception's fix: in lower case, ending with a period.
   */
  record ContentRefusal(String why, String fix) {}

  /** Whether a topic or filter holds '.' or ' ', which NATS does not accept in MQTT topics. */
  static boolean hasCharactersNatsRefuses(String topic) {
    return topic.indexOf('.') >= 0 || topic.indexOf(' ') >= 0;
  }

  /**
   * Wraps the cause of a lost MQTT 3.1.1 connection with the publish sent just before, which the
   * broker may have closed the connection for; see {@link Mqtt3Protocol}.
   */
  static final class ClosedAfterPublish extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String topic;
    final int qos;
    final int packetBytes;

    ClosedAfterPublish(String topic, int qos, int packetBytes, Throwable cause) {
      super("the last publish before the close went to '" + topic + "'", cause, false, false);
      this.topic = topic;
      this.qos = qos;
      this.packetBytes = packetBytes;
    }
  }

  /** HiveMQ's ping handler closes the connection with these words when the broker is silent. */
  static boolean isKeepAliveTimeout(Throwable t) {
    String message = String.valueOf(rootMessage(t));
    return message.contains("PINGRESP") || message.contains("PINGREQ");
  }

  /**
   * Whether the broker closed the connection in an orderly way without saying why (no DISCONNECT
   * reason, no reset): what Mosquitto 2.0 does to the older of two clients with the same client id.
   */
  static boolean closedWithoutReason(Throwable failure) {
    Throwable t = unwrap(failure);
    if (find(t, Mqtt5DisconnectException.class) != null
        || find(t, ConnectionClosedException.class) == null) {
      return false;
    }
    return !isReset(t);
  }

  /**
   * Whether HiveMQ failed a publish because it dropped its session state (or, racing with that,
   * because it was not connected), rather than because the broker answered.
   */
  static boolean droppedWithSession(Throwable failure) {
    Throwable t = unwrap(failure);
    return find(t, MqttSessionExpiredException.class) != null
        || find(t, MqttClientStateException.class) != null;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isConnectTimeout(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      // Netty's ConnectTimeoutException extends ConnectException; match it by name to avoid a
      // compile-time dependency on Netty.
      if (c.getClass().getName().endsWith("ConnectTimeoutException")
          || c instanceof SocketTimeoutException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  static <T extends Throwable> @Nullable T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
