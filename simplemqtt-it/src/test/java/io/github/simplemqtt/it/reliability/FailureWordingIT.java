package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.simplemqtt.broker.process.FreePorts;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures are said as what happened, and once: no cause repeats the sentence of another. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureWordingIT {
  @RegisterExtension
  MosquittoExtension mosquitto = MosquittoExtension.builder().user("alice", "pw").build();

  @Test
  void noSentenceAppearsTwiceInTheCauseChainOfAConnectFailure(MosquittoBroker broker) {
    List<String> endpoints = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      proxy.refuseNewConnections(true);
      endpoints.add(proxy.host() + ":" + proxy.port()); // closed while connecting
      endpoints.add("127.0.0.1:" + FreePorts.pick()); // nothing listening
      for (String endpoint : endpoints) {
        String[] hostPort = endpoint.split(":");
        try (MqttClient client =
            MqttClient.builder()
                .broker(hostPort[0], Integer.parseInt(hostPort[1]))
                .credentials("alice", "pw")
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
          Throwable failure = catchThrowable(client::connect);
          assertThat(failure).isInstanceOf(ConnectionException.class);
          List<String> messages = new ArrayList<>();
          for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
          }
          assertThat(messages)
              .as("messages along the cause chain for %s", endpoint)
              .doesNotHaveDuplicates();
        }
      }
    }
  }

  @Test
  void aResetDuringConnectIsSaidPlainlyWithoutSuggestingTls(MosquittoBroker broker) {
    // A port that resets the connection at once, as a firewall, a full broker or another service
    // may: nothing there points to TLS (before: "if this is the broker's TLS port, connect with
    // tls(...)", or "Could not connect to ...: Connection reset by peer.").
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .credentials("alice", "pw")
                .automaticReconnect(false)
                .build()) {
      proxy.refuseNewConnections(true);
      Throwable failure = catchThrowable(client::connect);
      // Whether the reset comes before or after our CONNECT was written decides which HiveMQ sees.
      assertThat(failure)
          .isInstanceOf(ConnectionException.class)
          .hasMessageMatching(
              "The server at "
                  + Pattern.quote(proxy.host() + ":" + proxy.port())
                  + " (reset|closed) the connection before answering our MQTT CONNECT; check the"
                  + " host and port, and the broker's log for why\\.");
    }
  }

  @Test
  void aSilentBrokerIsSaidToHaveStoppedAnsweringWithinTheKeepAlive(MosquittoBroker broker)
      throws Exception {
    BlockingQueue<MqttClientException> lost = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient client =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .credentials("alice", "pw")
                .keepAlive(Duration.ofSeconds(2))
                .connectionListener(
                    new ConnectionListener() {
                      @Override
                      public void disconnected(MqttClientException cause, boolean reconnecting) {
                        lost.add(cause);
                      }
                    })
                .build()) {
      client.connect();
      proxy.freeze();
      MqttClientException cause = lost.poll(30, TimeUnit.SECONDS);
      proxy.thaw();
      assertThat(cause).as("the client saw the silent partition").isNotNull();
      assertThat(cause.getMessage())
          .contains("stopped answering within the keep-alive")
          .doesNotContain("closed the connection");
    }
  }
}
