package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.TlsException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {
  /** The words for a plain (not TLS) client of 127.0.0.1:{@code port}. */
  private static Failures plain(int port) {
    return new Failures(
        new Servers(java.util.List.of(new Servers.Server("127.0.0.1", port))),
        false,
        Duration.ofSeconds(1));
  }

  @Test
  void aPlainConnectResetOnPort8883SuggestsTls() {
    // Nothing listens on 127.0.0.1:8883 here, so the TLS probe finds no TLS; the port is the sign.
    Failures failures = plain(8883);
    String message =
        failures
            .connect(new ConnectionClosedException(new SocketException("Connection reset")))
            .getMessage();
    assertThat(message)
        .isEqualTo(
            "The server at 127.0.0.1:8883 reset the connection before answering our MQTT CONNECT,"
                + " and 8883 is the port of MQTT over TLS: connect with tls(...), or to the"
                + " broker's plain port (often 1883).");
  }

  @Test
  void aReconnectResetIsExplainedWithoutProbingOrSuggestingTls() {
    Failures failures = plain(1884);
    MqttClientException failure =
        failures.disconnected(new SocketException("Connection reset by peer"));
    assertThat(failure.getMessage())
        .isEqualTo(
            "The server at 127.0.0.1:1884 reset the connection before answering our MQTT CONNECT;"
                + " check the host and port, and the broker's log for why.");
    assertThat(failure.what())
        .isEqualTo(
            "The server at 127.0.0.1:1884 reset the connection before answering our MQTT CONNECT");
    assertThat(failure.fix()).contains("check the host and port, and the broker's log for why.");
  }

  @Test
  void nothingListeningSaysWhatAndWhatToDoApart() {
    Failures failures = plain(1884);

    MqttClientException failure =
        failures.connectWithoutProbe(new ConnectException("Connection refused"));

    assertThat(failure).isInstanceOf(ConnectionException.class);
    assertThat(failure.what())
        .isEqualTo("Nothing is listening on 127.0.0.1:1884 (connection refused)");
    assertThat(failure.fix()).contains("start the broker, or check the host and port.");
    assertThat(failure.getMessage()).isEqualTo(failure.what() + "; " + failure.fix().orElseThrow());
  }

  @Test
  void aTooLargeMessageEndsWithAFixOfItsOwn() {
    Failures failures = plain(1884);

    MqttClientException failure =
        failures.publish(
            new IllegalArgumentException(
                "PUBLISH exceeded maximum packet size, length: 2000, maximum: 1000"),
            "t");

    assertThat(failure.getMessage())
        .isEqualTo(
            "The message to 't' is too large for the broker at 127.0.0.1:1884: it would be a"
                + " 2000-byte packet and the broker accepts at most 1000 bytes (its"
                + " max_packet_size); it was not sent. Send a smaller payload, or raise the"
                + " broker's limit.");
    assertThat(failure.what()).endsWith("(its max_packet_size); it was not sent");
    assertThat(failure.fix()).contains("Send a smaller payload, or raise the broker's limit.");
  }

  @Test
  void aCopyWithTheCallersStackKeepsTheMessageAndItsParts() {
    TlsException original =
        new TlsException(
            "client.crt (CN=bob) expired on 2020-01-01",
            "issue a new one with `simplemqtt cert client bob`.",
            Path.of("client.crt"),
            new IllegalStateException("underneath"));
    BrokerRefusedException refused =
        new BrokerRefusedException("The broker refused it", "ask its admin.", 0x87);
    refused.initCause(new IllegalStateException("the close"));

    MqttClientException tls = ClientCore.withCallerStack(original);
    MqttClientException refusal = ClientCore.withCallerStack(refused);

    assertThat(tls).isInstanceOf(TlsException.class).hasMessage(original.getMessage());
    assertThat(tls.what()).isEqualTo(original.what());
    assertThat(tls.fix()).isEqualTo(original.fix());
    assertThat(((TlsException) tls).file()).contains(Path.of("client.crt"));
    assertThat(tls.getCause()).isSameAs(original.getCause());
    assertThat(refusal)
        .isInstanceOf(BrokerRefusedException.class)
        .hasMessage("The broker refused it; ask its admin.");
    assertThat(((BrokerRefusedException) refusal).reasonCode()).isEqualTo(0x87);
    assertThat(refusal.getCause()).hasMessage("the close");
  }

  @Test
  void anUnansweredConnectBlamesNoTlsAndSaysWhatToDoApart() {
    Failures failures = plain(1884);

    MqttClientException failure =
        failures.connectWithoutProbe(
            new IllegalStateException("Timeout while waiting for CONNACK"));

    assertThat(failure)
        .isInstanceOf(ConnectionException.class)
        .hasMessage(
            "Connected to 127.0.0.1:1884 and sent our MQTT CONNECT, but no answer came within 1 s;"
                + " the broker may be overloaded or not ready (NATS, for one, leaves a CONNECT"
                + " unanswered while its JetStream is unavailable), see its log.");
    assertThat(failure.what())
        .isEqualTo(
            "Connected to 127.0.0.1:1884 and sent our MQTT CONNECT, but no answer came within 1 s");
    assertThat(failure.fix().orElseThrow()).startsWith("the broker may be overloaded");
  }

  @Test
  void aCloseRightAfterAPublishSomeBrokersRefuseNamesItAndWhatToDo() {
    Failures failures = plain(1884);
    ConnectionClosedException closed =
        new ConnectionClosedException("Server closed connection without DISCONNECT.");

    MqttClientException dot =
        failures.disconnected(new Failures.ClosedAfterPublish("a.b", 1, 20, closed));
    MqttClientException qos2 =
        failures.disconnected(new Failures.ClosedAfterPublish("a/b", 2, 20, closed));

    assertThat(dot)
        .isInstanceOf(ConnectionException.class)
        .hasMessage(
            "The broker at 127.0.0.1:1884 closed the connection right after the message to 'a.b'"
                + " (QoS 1, a 20-byte packet), without a reason (MQTT 3.1.1 has no way to give"
                + " one): some brokers refuse '.' and ' ' in topics (NATS among them) and close"
                + " the connection on such a publish; use other characters there.");
    assertThat(dot.what()).endsWith("and close the connection on such a publish");
    assertThat(dot.fix()).contains("use other characters there.");
    assertThat(qos2.what()).endsWith("and close the connection on a QoS 2 publish");
    assertThat(qos2.fix()).contains("publish at QoS 1 there.");
    assertThat(Failures.refusedByContent("a/b", 1)).isNull();
  }
}
