package io.github.simplemqtt.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.broker.pki.PkiOptions;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.it.delivery.LogLines;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.RecordingHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real NATS 2.9 (JetStream and its MQTT listener: MQTT 3.1.1 only, QoS 0 and 1
 * only, no '.' or ' ' in topics): it falls back from MQTT 5 when asked, and says what the server
 * did in words that do not assume Mosquitto.
 */
class NatsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final NatsServer nats = NatsServer.shared();

  private MqttClient.Builder client() {
    return nats.client()
        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
        .publishTimeout(WAIT);
  }

  @Test
  void fallbackToMqtt311ConnectsWhereMqtt5IsRefusedAndReconnectsStayOnIt() {
    AtomicInteger connects = new AtomicInteger();
    ConnectionListener listener =
        new ConnectionListener() {
          @Override
          public void connected(boolean sessionResumed) {
            connects.incrementAndGet();
          }
        };
    RecordingHandler received = new RecordingHandler();
    try (LogLines log = new LogLines();
        FaultProxy proxy = FaultProxy.start(nats.host(), nats.mqttPort());
        MqttClient client =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .fallbackToMqtt311(true)
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .connectionListener(listener)
                .build()) {
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V5); // what it will try first
      client.connect();
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V3_1_1);
      // One connection refused as MQTT 5, one accepted as MQTT 3.1.1.
      assertThat(proxy.acceptedConnections()).isEqualTo(2);
      assertThat(log.containing("refuses MQTT 5", "connecting with MQTT 3.1.1")).hasSize(1);
      assertThat(
              log.containing("Connected to " + proxy.host() + ":" + proxy.port(), "(MQTT 3.1.1)"))
          .hasSize(1);
      client.subscribe("nats-it/fallback", 1, received);
      client.publish("nats-it/fallback", "on 3.1.1", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("on 3.1.1");

      proxy.resetAll();
      Awaitility.await().atMost(WAIT).until(() -> connects.get() == 2 && client.isConnected());
      // The reconnect went straight to MQTT 3.1.1: one more connection, not two.
      assertThat(proxy.acceptedConnections()).isEqualTo(3);
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V3_1_1);
      client.publish("nats-it/fallback", "after the reconnect", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("after the reconnect");
    }
  }

  @Test
  void withoutTheFallbackMqtt5IsRefusedInWords() {
    try (MqttClient client = client().mqttVersion(MqttVersion.V5).build()) {
      assertThat(catchThrowable(client::connect))
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("unsupported protocol version: the broker does not speak MQTT 5");
      assertThat(client.mqttVersion()).isEqualTo(MqttVersion.V5);
    }
  }

  @Test
  void aQos2PublishIsSaidToBeRefusedForItsQosAndTheClientCarriesOn() {
    RecordingHandler received = new RecordingHandler();
    try (MqttClient client = client().build()) {
      client.connect();
      client.subscribe("nats-it/qos2", 1, received);
      Throwable refused = catchThrowable(() -> client.publish("nats-it/qos2", "x", 2, false));
      assertThat(refused)
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining(
              "closed the connection twice right after this publish to 'nats-it/qos2' (QoS 2, 1"
                  + " bytes); some brokers accept only QoS 0 and 1 (NATS among them) and close the"
                  + " connection on a QoS 2 publish; publish at QoS 1 there.")
          .hasMessageNotContaining("too large")
          .hasMessageNotContaining("session");
      assertThat(nats.log()).anyMatch(line -> line.contains("publish QoS=2 not supported"));
      client.publish("nats-it/qos2", "at QoS 1", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("at QoS 1");
    }
  }

  @Test
  void aDotInAPublishedTopicAndASpaceInAFilterAreNamedNotBlamedOnTheAcl() {
    try (MqttClient client = client().build()) {
      client.connect();
      assertThat(catchThrowable(() -> client.publish("nats-it/a.b", "x", 1, false)))
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining(
              "(QoS 1, 1 bytes); some brokers refuse '.' and ' ' in topics (NATS among them)");
      assertThat(catchThrowable(() -> client.subscribe("nats-it/a b/#", 1, message -> {})))
          .isInstanceOf(BrokerRefusedException.class)
          .hasMessageContaining("some brokers refuse '.' and ' ' in topic filters")
          .hasMessageNotContaining("usually its ACL");
      assertThat(nats.log())
          .anyMatch(line -> line.contains("characters ' ' and '.' not supported for MQTT topics"));
    }
  }

  @Test
  void aQos0PublishWithASpaceIsNamedWhenNatsClosesTheConnectionNotALargerOneAfterIt() {
    BlockingQueue<MqttClientException> lost = new LinkedBlockingQueue<>();
    try (MqttClient client =
        client()
            .connectionListener(
                new ConnectionListener() {
                  @Override
                  public void disconnected(MqttClientException cause, boolean reconnecting) {
                    lost.add(cause);
                  }
                })
            .build()) {
      client.connect();
      client.publish("nats-it/with space", "x", 0, false);
      client.publish("nats-it/a/longer/topic/right/after/it", "a larger payload", 1, false);
      MqttClientException first = lost.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first)
          .isNotNull()
          .hasMessageContaining("right after the message to 'nats-it/with space' (QoS 0")
          .hasMessageContaining("some brokers refuse '.' and ' ' in topics (NATS among them)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aServerWhoseJetStreamIsUnavailableIsNotBlamedOnTls() {
    // One node of a three-node cluster whose other two never come: no JetStream leader, so NATS
    // answers no MQTT CONNECT; it logs "unable to connect: ... JetStream ... temporarily
    // unavailable" (or a timeout) and closes the connection after 4 s.
    try (NatsServer lonely = NatsServer.start(new NatsServer.Options(null, true))) {
      try (MqttClient impatient = lonely.client().connectTimeout(Duration.ofSeconds(2)).build()) {
        assertThat(catchThrowable(impatient::connect))
            .isInstanceOf(ConnectionException.class)
            .hasMessage(
                "Connected to "
                    + lonely.host()
                    + ":"
                    + lonely.mqttPort()
                    + " and sent our MQTT CONNECT, but no answer came within 2 s; the broker may"
                    + " be overloaded or not ready (NATS, for one, leaves a CONNECT unanswered"
                    + " while its JetStream is unavailable), see its log.");
      }
      try (MqttClient patient = lonely.client().build()) {
        assertThat(catchThrowable(patient::connect))
            .isInstanceOf(ConnectionException.class)
            .hasMessageContaining("closed the connection before answering our MQTT CONNECT")
            .hasMessageNotContainingAny("TLS", "tls(");
      }
      assertThat(lonely.log()).anyMatch(line -> line.contains("unable to connect"));
    }
  }

  @Test
  void aMissingClientCertificateIsSaidAsMissingNotAsAnUntrustedCa(@TempDir Path dir) {
    Pki pki =
        Pki.create(
            dir.resolve("certs"),
            dir.resolve("ca"),
            PkiOptions.builder().serverHosts(List.of("127.0.0.1")).build());
    ClientBundle bob = pki.issueClient("bob", dir.resolve("bob"), 30);
    NatsServer.Tls tls =
        new NatsServer.Tls(pki.serverCertificate(), pki.serverKey(), bob.chainFile());
    try (NatsServer verifying = NatsServer.start(new NatsServer.Options(tls, false))) {
      MqttClient.Builder base =
          MqttClient.builder()
              .broker(verifying.host(), verifying.mqttPort())
              .mqttVersion(MqttVersion.V3_1_1);
      try (MqttClient withoutCertificate = base.tls(bob.chainFile()).build()) {
        assertThat(catchThrowable(withoutCertificate::connect))
            .isInstanceOf(TlsException.class)
            .hasMessageContaining("after asking for a client certificate, and this client has none")
            .hasMessageNotContaining("does not trust");
      }
      assertThat(verifying.log())
          .anyMatch(line -> line.contains("client didn't provide a certificate"));
      try (MqttClient withCertificate =
          base.tls(bob.chainFile(), bob.certificateFile(), bob.keyFile()).build()) {
        withCertificate.connect(); // the same CA, with bob's certificate: accepted
        assertThat(withCertificate.isConnected()).isTrue();
      }
    }
  }
}
