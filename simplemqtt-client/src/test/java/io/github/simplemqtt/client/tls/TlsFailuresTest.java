package io.github.simplemqtt.client.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.TlsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsFailuresTest {
  static ExecutorService serverThread = Executors.newSingleThreadExecutor();

  @AfterAll
  static void stop() {
    serverThread.shutdownNow();
  }

  /** As a connection failure arrives: the SSL exception wrapped by the MQTT client. */
  private static Throwable wrapped(Throwable sslFailure) {
    return new RuntimeException("connect failed", new IllegalStateException(sslFailure));
  }

  private static String explained(Throwable failure) {
    Optional<TlsException> explanation = TlsSetup.explain(failure, "192.168.1.103", 8883);
    assertThat(explanation).isPresent();
    assertThat(explanation.get().getCause()).isSameAs(failure);
    return explanation.get().getMessage();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unknown_ca", "bad_certificate", "certificate_unknown"})
  void brokerRejectingOurCertificate(String alert) {
    assertThat(explained(wrapped(new SSLHandshakeException("Received fatal alert: " + alert))))
        .isEqualTo(
            "The broker at 192.168.1.103:8883 rejected our client certificate (alert "
                + alert
                + "): it does not trust the CA that issued it. Use a client certificate issued by"
                + " this broker's CA (`simplemqtt cert client NAME` in the broker's directory).");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad_certificate", "certificate_required", "handshake_failure"})
  void anAlertToAClientWithoutACertificateSaysItHasNone(String alert) {
    // What NATS with verify: true sends a client that presented none (Go: bad_certificate).
    Throwable failure = wrapped(new SSLHandshakeException("Received fatal alert: " + alert));
    assertThat(TlsFailures.explain(failure, "10.0.0.5", 8883, false).orElseThrow())
        .hasMessage(
            "The broker at 10.0.0.5:8883 ended the TLS handshake with alert "
                + alert
                + " after asking for a client certificate, and this client has none; connect with"
                + " tls(chainFile, certFile, keyFile), using a certificate issued by the broker's"
                + " CA (`simplemqtt cert client NAME` in the broker's directory).");
    // What to do is its own part, which doctor shows as the fix.
    assertThat(TlsFailures.explain(failure, "10.0.0.5", 8883, false).orElseThrow().fix())
        .hasValueSatisfying(
            fix -> assertThat(fix).startsWith("connect with tls(chainFile, certFile, keyFile)"));
    // With a certificate sent, the old words stand.
    assertThat(TlsFailures.explain(failure, "10.0.0.5", 8883, true).orElseThrow().getMessage())
        .doesNotContain("has none");
  }

  @Test
  void alertAfterTheHandshakeIsAPlainSslException() {
    // In TLS 1.3 the broker judges our certificate after our side has finished the handshake.
    assertThat(explained(wrapped(new SSLException("Received fatal alert: unknown_ca"))))
        .contains("rejected our client certificate (alert unknown_ca)");
  }

  @Test
  void expiredClientCertificate() {
    assertThat(explained(new SSLHandshakeException("Received fatal alert: certificate_expired")))
        .contains("rejected our client certificate as expired (alert certificate_expired)")
        .contains("`simplemqtt cert client NAME`");
  }

  @Test
  void revokedClientCertificate() {
    assertThat(explained(new SSLHandshakeException("Received fatal alert: certificate_revoked")))
        .contains("was revoked (alert certificate_revoked); ask the broker's admin for a new one.");
  }

  @Test
  void certificateRequiredButNoneSent() {
    assertThat(explained(wrapped(new SSLException("Received fatal alert: certificate_required"))))
        .contains("requires a client certificate and none was sent");
  }

  @ParameterizedTest
  @ValueSource(strings = {"handshake_failure", "protocol_version", "insufficient_security"})
  void noCommonVersionOrCipher(String alert) {
    assertThat(explained(new SSLHandshakeException("Received fatal alert: " + alert)))
        .contains("(alert " + alert + ")")
        .contains("no common TLS version or cipher")
        .contains("TLSv1.3 and TLSv1.2");
  }

  @Test
  void otherAlertsAreNamed() {
    assertThat(explained(new SSLHandshakeException("Received fatal alert: access_denied")))
        .isEqualTo(
            "The broker at 192.168.1.103:8883 ended the TLS handshake with alert access_denied;"
                + " its log says why.");
  }

  @Test
  void plainPortMessage() {
    assertThat(explained(wrapped(new SSLException("Unsupported or unrecognized SSL message"))))
        .isEqualTo(
            "Port 8883 on 192.168.1.103 does not speak TLS; it is probably the plain MQTT port."
                + " Connect to the broker's TLS port (8883 by default).");
  }

  @Test
  void ourTrustManagersWordsWinAndKeepTheFile() {
    Path chain = Path.of("clients/alice/chain.crt");
    ExplainedCertificateException ours =
        new ExplainedCertificateException(
            new TlsException(
                "The broker's certificate ... words",
                "Use the chain.crt of this broker.",
                chain,
                null),
            new CertificateException("PKIX path building failed"));
    SSLHandshakeException ssl = new SSLHandshakeException(ours.getMessage());
    ssl.initCause(ours);
    Throwable failure = wrapped(ssl);
    TlsException explanation = TlsSetup.explain(failure, "10.0.0.5", 8883).orElseThrow();
    assertThat(explanation)
        .hasMessage("The broker's certificate ... words. Use the chain.crt of this broker.");
    assertThat(explanation.what()).isEqualTo("The broker's certificate ... words");
    assertThat(explanation.fix()).contains("Use the chain.crt of this broker.");
    assertThat(explanation.file()).contains(chain);
    assertThat(explanation.getCause()).isSameAs(failure);
  }

  @Test
  void tlsExceptionInTheChainIsReturnedAsIs() {
    TlsException tls = new TlsException("client.key is encrypted; ...", Path.of("client.key"));
    assertThat(TlsSetup.explain(wrapped(tls), "h", 1)).containsSame(tls);
  }

  @Test
  void ipv6HostIsBracketed() {
    assertThat(
            TlsSetup.explain(
                    new SSLHandshakeException("Received fatal alert: unknown_ca"), "::1", 8883)
                .orElseThrow())
        .hasMessageStartingWith("The broker at [::1]:8883 rejected");
  }

  @Test
  void failuresThatAreNotTlsGiveNothing() {
    assertThat(TlsSetup.explain(new ConnectException("Connection refused"), "h", 1)).isEmpty();
    assertThat(TlsSetup.explain(null, "h", 1)).isEmpty();
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(TlsSetup.explain(a, "h", 1)).isEmpty();
  }

  @Test
  void realPlainServerThatAnswersInItsOwnProtocol() throws Exception {
    // A non-TLS server that answers in its own protocol: the JDK cannot read that as TLS.
    Throwable failure = tlsClientAgainstPlainServer(true);
    assertThat(TlsSetup.explain(failure, "127.0.0.1", 1883).orElseThrow())
        .hasMessageStartingWith("Port 1883 on 127.0.0.1 does not speak TLS");
  }

  @Test
  void realPlainServerThatHangsUp() throws Exception {
    // Mosquitto's plain listener reads the ClientHello as a bad MQTT packet and closes.
    Throwable failure = tlsClientAgainstPlainServer(false);
    assertThat(TlsSetup.explain(failure, "127.0.0.1", 1883).orElseThrow())
        .hasMessageContaining("closed the connection during the TLS handshake")
        .hasMessageContaining("port 1883 may be the plain MQTT port");
  }

  private static Throwable tlsClientAgainstPlainServer(boolean answer) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Future<?> served =
          serverThread.submit(
              () -> {
                try (Socket socket = listener.accept()) {
                  socket.setSoTimeout(10_000);
                  InputStream in = socket.getInputStream();
                  in.read(new byte[5]);
                  if (answer) {
                    socket
                        .getOutputStream()
                        .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(UTF_8));
                    socket.getOutputStream().flush();
                    in.read(new byte[512]);
                  }
                }
                return null;
              });
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      try (SSLSocket socket =
          (SSLSocket)
              context.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        throw new AssertionError("A plain server cannot complete a TLS handshake");
      } catch (IOException expected) {
        return expected;
      } finally {
        served.get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aHandshakeThatTimesOutNamesThePort() {
    assertThat(explained(wrapped(new javax.net.ssl.SSLException("handshake timed out after 10s"))))
        .isEqualTo(
            "The TLS handshake with 192.168.1.103:8883 timed out; check that port 8883 is the"
                + " broker's TLS port.");
  }
}
