package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.simplemqtt.broker.pki.HeldCertificate;
import io.github.simplemqtt.broker.pki.KeyType;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input cases not already covered elsewhere (see RELIABILITY.md for the full map): each is
 * refused with a message in words and changes nothing.
 */
class BadInputIT {
  static final int MAX_PACKET = 2_048;

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder()
          .user("alice", "pw")
          .certificate("bob")
          .maxPacketSize(MAX_PACKET)
          .build();

  @TempDir Path temp;

  @Test
  void payloadAboveTheBrokersMaximumIsRefusedLocallyAndTheConnectionStays(
      MosquittoBroker broker, RecordingHandler received) {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("big/#", 1, received);
      assertThatThrownBy(() -> client.publish("big/one", new byte[MAX_PACKET * 2], 1, false))
          .isInstanceOf(MqttClientException.class)
          .hasMessageContaining("big/one")
          .hasMessageContaining("too large");
      assertThat(client.isConnected()).isTrue();
      client.publish("big/small", "still connected", 1, false);
      assertThat(received.take(Duration.ofSeconds(30)).payloadAsString())
          .isEqualTo("still connected");
    }
  }

  @Test
  void oversizedPayloadOverMqtt311IsNotSilentlyLost(MosquittoBroker broker) {
    // MQTT 3.1.1 has no way to learn the broker's limit; Mosquitto drops the connection. The
    // publish must fail in words (mosquitto_pub exits 0 and the message is gone).
    try (MqttClient client =
        broker
            .passwordClient("alice")
            .mqttVersion(MqttVersion.V3_1_1)
            .publishTimeout(Duration.ofSeconds(3))
            .build()) {
      client.connect();
      assertThatThrownBy(() -> client.publish("big/311", new byte[MAX_PACKET * 2], 1, false))
          .isInstanceOf(MqttClientException.class)
          .hasMessageContaining("big/311");
    }
  }

  @Test
  void oversizedQos0PublishOverMqtt311IsNamedWhenTheBrokerDropsTheConnection(MosquittoBroker broker)
      throws Exception {
    // QoS 0 completes once written, so publish() returns normally and Mosquitto then drops the
    // connection without a reason (3.1.1 has none). The log and the listener name the message.
    BlockingQueue<MqttClientException> lost = new LinkedBlockingQueue<>();
    try (MqttClient client =
        broker
            .passwordClient("alice")
            .mqttVersion(MqttVersion.V3_1_1)
            .connectionListener(
                new ConnectionListener() {
                  @Override
                  public void disconnected(MqttClientException cause, boolean reconnecting) {
                    lost.add(cause);
                  }
                })
            .build()) {
      client.connect();
      client.publish("acked/311", new byte[100], 1, false);
      client.publish("big/311-qos0", new byte[MAX_PACKET * 2], 0, false);
      // Written right behind the big one, so the log must still name the big one. The broker may
      // have dropped the connection before it is written; then it fails on its own, in words.
      Throwable small =
          catchThrowable(() -> client.publish("small/311", "after the big one", 0, false));
      if (small != null) {
        assertThat(small).isInstanceOf(ConnectionException.class).hasMessageContaining("small/311");
      }
      MqttClientException cause = lost.poll(30, TimeUnit.SECONDS);
      assertThat(cause).as("the broker dropped the connection").isNotNull();
      int packetBytes = 1 + 2 + 2 + "big/311-qos0".length() + MAX_PACKET * 2;
      assertThat(cause.getMessage())
          .contains("right after the message to 'big/311-qos0' (QoS 0, a " + packetBytes + "-byte")
          .contains("max_packet_size");
    }
  }

  @Test
  void lookAlikeCaWithTheSameNamesIsNotTrusted(MosquittoBroker broker) throws Exception {
    List<X509Certificate> real = read(broker.directory().chainFile());
    X509Certificate realRoot =
        real.stream()
            .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
            .findFirst()
            .orElseThrow();
    X509Certificate realSigning =
        real.stream().filter(c -> c != realRoot).findFirst().orElseThrow();
    // Same names as the broker's CAs, other keys: only the signatures tell them apart.
    HeldCertificate root =
        HeldCertificate.builder()
            .keyType(KeyType.EC)
            .organization("simplemqtt")
            .commonName(commonName(realRoot))
            .validityDays(30)
            .certificateAuthority(1)
            .build();
    HeldCertificate lookAlikeSigning =
        HeldCertificate.builder()
            .keyType(KeyType.EC)
            .organization("simplemqtt")
            .commonName(commonName(realSigning))
            .validityDays(30)
            .certificateAuthority(0)
            .signedBy(root)
            .build();
    Path lookAlike = temp.resolve("look-alike-chain.crt");
    Files.writeString(lookAlike, lookAlikeSigning.certificatePem() + root.certificatePem());
    assertThat(lookAlikeSigning.certificate().getSubjectX500Principal())
        .isEqualTo(realSigning.getSubjectX500Principal());
    assertThat(root.certificate().getSubjectX500Principal())
        .isEqualTo(realRoot.getSubjectX500Principal());

    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .tls(lookAlike, broker.bundle("bob").certificateFile(), broker.bundle("bob").keyFile())
            .automaticReconnect(false)
            .build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("look-alike-chain.crt");
    }
  }

  @Test
  void clientIdWithU0000OrInvalidUtf8IsRefusedBeforeConnecting() {
    assertThatThrownBy(() -> MqttClient.builder().clientId("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0000");
    assertThatThrownBy(() -> MqttClient.builder().clientId("a\ud800b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  private static List<X509Certificate> read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast)
          .toList();
    }
  }

  private static String commonName(X509Certificate certificate) {
    Matcher cn =
        Pattern.compile("CN=([^,]+)").matcher(certificate.getSubjectX500Principal().getName());
    assertThat(cn.find()).isTrue();
    return cn.group(1);
  }
}
