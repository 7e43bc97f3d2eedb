package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.Pki;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS that must fail, and say why in words. */
@MosquittoTest(certificates = "bob")
class TlsFailuresIT {
  @TempDir static Path temp;
  static ClientBundle foreign;

  @BeforeAll
  static void anotherCa() {
    // A second, unrelated PKI: its CA never signed anything the broker trusts.
    BrokerDirectory other =
        BrokerDirectory.create(
            temp.resolve("other"), BrokerSettings.defaults(List.of("127.0.0.1")), false);
    foreign = other.issueClient("bob", 30);
  }

  @Test
  void serverFromAnotherCaIsNotTrusted(MosquittoBroker broker) {
    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .tls(foreign.chainFile(), foreign.certificateFile(), foreign.keyFile())
            .build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("was not issued by a CA in")
          .hasMessageContaining("chain.crt");
    }
  }

  @Test
  void clientCertificateFromAnotherCaIsRejectedByTheBroker(MosquittoBroker broker) {
    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .tls(broker.bundle("bob").chainFile(), foreign.certificateFile(), foreign.keyFile())
            .build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("rejected our client certificate");
    }
  }

  @Test
  void expiredClientCertificateIsReportedBeforeConnecting(MosquittoBroker broker) throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(100)), ZoneOffset.UTC);
    Path out = Files.createDirectories(temp.resolve("expired"));
    ClientBundle expired =
        Pki.open(broker.path().resolve("certs"), broker.path().resolve("ca"), null, past)
            .issueClient("old", out, 30);
    assertThatThrownBy(
            () ->
                MqttClient.builder()
                    .broker(broker.host(), broker.tlsPort())
                    .tls(expired.chainFile(), expired.certificateFile(), expired.keyFile())
                    .build())
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("expired on")
        .hasMessageContaining("client.crt");
  }

  @Test
  void keyOfAnotherCertificateIsReportedBeforeConnecting(MosquittoBroker broker) {
    assertThatThrownBy(
            () ->
                MqttClient.builder()
                    .broker(broker.host(), broker.tlsPort())
                    .tls(
                        broker.bundle("bob").chainFile(),
                        broker.bundle("bob").certificateFile(),
                        foreign.keyFile())
                    .build())
        .isInstanceOf(TlsException.class)
        .hasMessageContaining("does not belong to");
  }

  @Test
  void revokedCertificateIsRefusedAfterReload(MosquittoBroker broker) {
    ClientBundle eve = broker.directory().issueClient("eve", 30);
    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .tls(eve.chainFile(), eve.certificateFile(), eve.keyFile())
            .automaticReconnect(false)
            .build()) {
      client.connect();
      assertThat(client.isConnected()).isTrue();
    }
    broker.directory().revokeClient("eve"); // writes the CRL and reloads the broker
    try (MqttClient client =
        MqttClient.builder()
            .broker(broker.host(), broker.tlsPort())
            .tls(eve.chainFile(), eve.certificateFile(), eve.keyFile())
            .build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("revoked");
    }
  }
}
