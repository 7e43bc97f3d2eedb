package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.tls.Pem;
import io.github.simplemqtt.tls.testing.OpenSsl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against listeners on 127.0.0.1: a TLS one, a plain one, and one that never answers. */
class TlsProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static SSLContext broker;
  static ExecutorService serverThread;

  @BeforeAll
  static void brokerContext() throws Exception {
    OpenSsl openssl = new OpenSsl(dir);
    X509Certificate certificate =
        Pem.readCertificates(openssl.selfSignedServer("probe", "probe-broker")).get(0);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "pw".toCharArray();
    store.setKeyEntry(
        "probe",
        Pem.readPrivateKey(openssl.path("probe.key"), null),
        password,
        new X509Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
    keys.init(store, password);
    broker = SSLContext.getInstance("TLS");
    broker.init(keys.getKeyManagers(), null, null);
    serverThread = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    serverThread.shutdownNow();
  }

  @Test
  void aTlsListenerIsRecognisedByTheCertificateItShows() throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            broker
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> served =
          serverThread.submit(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  socket.setSoTimeout(10_000);
                  socket.startHandshake();
                } catch (IOException expectedWhenTheProbeHangsUp) {
                  // The probe abandons the handshake once it has seen the certificate.
                }
                return null;
              });

      assertThat(TlsProbe.answersTls("127.0.0.1", listener.getLocalPort(), TIMEOUT)).isTrue();
      served.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPlainListenerThatHangsUpIsNotTls() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> served =
          serverThread.submit(
              () -> {
                try (Socket socket = listener.accept()) {
                  socket.getInputStream().read(new byte[64]);
                }
                return null;
              });

      assertThat(TlsProbe.answersTls("127.0.0.1", listener.getLocalPort(), TIMEOUT)).isFalse();
      served.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aListenerThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<Socket> accepted = serverThread.submit(listener::accept);
      long start = System.nanoTime();

      boolean tls =
          TlsProbe.answersTls("127.0.0.1", listener.getLocalPort(), Duration.ofMillis(300));

      assertThat(tls).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      accepted.get(10, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aClosedPortIsNotTls() throws Exception {
    int port;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = listener.getLocalPort();
    }

    assertThat(TlsProbe.answersTls("127.0.0.1", port, TIMEOUT)).isFalse();
  }
}
