package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dialled address must be in the server certificate's subjectAltName. */
class ServerCertificateNameIT {
  @RegisterExtension
  static MosquittoExtension mosquitto = MosquittoExtension.builder().certificate("bob").build();

  @Test
  void addressTheServerCertificateDoesNotCoverIsRefused(MosquittoBroker broker) throws Exception {
    // The kit always covers 127.0.0.1, so make, with openssl and the broker's own signing CA, a
    // server certificate for a name only, as one made for another machine would be.
    Path certs = broker.path().resolve("certs");
    Path ext =
        Files.writeString(
            certs.resolve("name-only.ext"),
            "subjectAltName=DNS:broker.example\nextendedKeyUsage=serverAuth\n");
    openssl(
        certs,
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "server.key",
        "-subj",
        "/CN=broker.example",
        "-out",
        "server.csr");
    openssl(
        certs,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "signingCA.crt",
        "-CAkey",
        "../ca/signingCA.key",
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        ext.toString(),
        "-out",
        "server.crt");
    Files.write(
        certs.resolve("server.crt"),
        Files.readAllBytes(certs.resolve("signingCA.crt")),
        StandardOpenOption.APPEND);
    broker.restart();

    try (MqttClient client = broker.tlsClient("bob").build()) {
      assertThatThrownBy(client::connect)
          .isInstanceOf(TlsException.class)
          .hasMessageContaining("does not cover 127.0.0.1")
          .hasMessageContaining("DNS broker.example");
      assertThat(client.isConnected()).isFalse();
    }
  }

  private static void openssl(Path dir, String... args) throws Exception {
    Process process =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("openssl"), java.util.Arrays.stream(args))
                    .toList())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
