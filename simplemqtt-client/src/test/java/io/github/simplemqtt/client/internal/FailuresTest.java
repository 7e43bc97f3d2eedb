package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void aPlainConnectResetOnPort8883SuggestsTls() {
    // Nothing listens on 127.0.0.1:8883 here, so the TLS probe finds no TLS; the port is the sign.
    Failures failures =
        new Failures(
            new Servers(java.util.List.of(new Servers.Server("127.0.0.1", 8883))),
            false,
            Duration.ofSeconds(1));
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
    Failures failures =
        new Failures(
            new Servers(java.util.List.of(new Servers.Server("127.0.0.1", 1884))),
            false,
            Duration.ofSeconds(1));
    String message =
        failures.disconnected(new SocketException("Connection reset by peer")).getMessage();
    assertThat(message)
        .isEqualTo(
            "The server at 127.0.0.1:1884 reset the connection before answering our MQTT CONNECT;"
                + " check the host and port, and the broker's log for why.");
  }
}
