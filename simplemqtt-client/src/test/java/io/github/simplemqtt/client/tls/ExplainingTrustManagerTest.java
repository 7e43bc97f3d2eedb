package io.github.simplemqtt.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.tls.Certificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExplainingTrustManagerTest {
  static Pki pki;
  static SSLContext brokerContext;
  static SSLContext otherBrokerContext;
  static ExecutorService serverThread = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void pki() throws Exception {
    pki = Pki.shared();
    brokerContext = Handshakes.serverContext(pki.serverChain, pki.serverKey, null);
    otherBrokerContext = Handshakes.serverContext(pki.otherServerChain, pki.otherServerKey, null);
  }

  @AfterAll
  static void stop() {
    serverThread.shutdownNow();
  }

  private static TlsSetup trusting(Path chain) {
    return TlsSetup.load(chain, null, null, null, false, Clock.systemUTC());
  }

  private static void handshake(TlsSetup setup, SSLContext broker, String dialledHost)
      throws Exception {
    Handshakes.run(
        Handshakes.clientEngine(setup, dialledHost, 8883), Handshakes.serverEngine(broker, false));
  }

  @Test
  void trustedCaAndCoveredIpPass() throws Exception {
    SSLEngine client = Handshakes.clientEngine(trusting(pki.kitChain), "127.0.0.1", 8883);
    Handshakes.run(client, Handshakes.serverEngine(brokerContext, false));
    assertThat(client.getSession().getPeerPrincipal().getName()).isEqualTo("CN=broker");
  }

  @Test
  void originalChainFileWithServerCertificateInsideAlsoWorks() throws Exception {
    handshake(trusting(pki.originalChain), brokerContext, "localhost");
  }

  @Test
  void coveredIpv6LiteralPasses() throws Exception {
    handshake(trusting(pki.kitChain), brokerContext, "::1");
    handshake(trusting(pki.kitChain), brokerContext, "0:0:0:0:0:0:0:1");
  }

  @Test
  void certificateFromAnotherCaIsExplained() {
    assertThatThrownBy(() -> handshake(trusting(pki.kitChain), otherBrokerContext, "127.0.0.1"))
        .isInstanceOf(SSLHandshakeException.class)
        // Our words are the cause's message; the JDK's own wraps them (JDK 25 puts the alert
        // first).
        .cause()
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessage(
            "The broker's certificate (CN=other-broker, issued by CN=Other Root CA) was not"
                + " issued by a CA in "
                + pki.kitChain
                + " (which holds: CN=Test Signing CA, CN=Test Root CA). Use the chain.crt of this"
                + " broker.");
  }

  @Test
  void uncoveredIpIsExplainedWithTheNamesTheCertificateCovers() {
    assertThatThrownBy(() -> handshake(trusting(pki.kitChain), brokerContext, "10.0.0.5"))
        .isInstanceOf(SSLHandshakeException.class)
        .cause()
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessage(
            "The broker's certificate (CN=broker) does not cover 10.0.0.5; it covers: IP"
                + " 127.0.0.1, DNS localhost, IP 0:0:0:0:0:0:0:1. Re-issue it with `simplemqtt"
                + " cert server --host 10.0.0.5`, or connect to one of those names.");
  }

  @Test
  void uncoveredDnsNameIsExplained() {
    assertThatThrownBy(() -> handshake(trusting(pki.kitChain), brokerContext, "broker.example"))
        .hasMessageContaining("does not cover broker.example; it covers: IP 127.0.0.1");
  }

  @Test
  void uncoveredIpv6IsExplained() {
    pki.openssl.server("v4only", "v4only", "signing", "IP:127.0.0.1");
    pki.openssl.concat("v4only-chain.crt", "v4only.crt", "signing.crt");
    assertThatThrownBy(
            () ->
                handshake(
                    trusting(pki.kitChain),
                    Handshakes.serverContext(
                        pki.openssl.path("v4only-chain.crt"), pki.openssl.path("v4only.key"), null),
                    "::1"))
        .hasMessageContaining("(CN=v4only) does not cover ::1; it covers: IP 127.0.0.1.");
  }

  @Test
  void expiredServerCertificateIsNamedAsExpired() throws Exception {
    pki.openssl.serverWithDates(
        "expired", "old-broker", "signing", "IP:127.0.0.1", "20200101000000Z", "20210102000000Z");
    pki.openssl.concat("expired-chain.crt", "expired.crt", "signing.crt");
    SSLContext expiredBroker =
        Handshakes.serverContext(
            pki.openssl.path("expired-chain.crt"), pki.openssl.path("expired.key"), null);
    assertThatThrownBy(() -> handshake(trusting(pki.kitChain), expiredBroker, "127.0.0.1"))
        .cause()
        .hasMessageStartingWith(
            "The broker's certificate (CN=old-broker) expired on 2021-01-02; the broker's admin"
                + " has to issue a new one");
  }

  @Test
  void chainFileWithoutCaPinsASelfSignedServer() throws Exception {
    Path pinned = pki.openssl.selfSignedServer("pinned", "pinned-broker");
    SSLContext pinnedBroker =
        Handshakes.serverContext(pinned, pki.openssl.path("pinned.key"), null);
    handshake(trusting(pinned), pinnedBroker, "127.0.0.1");
    assertThatThrownBy(() -> handshake(trusting(pinned), brokerContext, "127.0.0.1"))
        .hasMessageContaining("(CN=broker, issued by CN=Test Signing CA) was not issued by a CA in")
        .hasMessageContaining("(which holds: CN=pinned-broker)");
  }

  @Test
  void realSocketsOnLoopbackUseTheSocketPath() throws Exception {
    TlsSetup setup = trusting(pki.kitChain);
    assertThat(socketHandshake(setup, brokerContext, "127.0.0.1")).isEqualTo("CN=broker");
    assertThatThrownBy(() -> socketHandshake(setup, otherBrokerContext, "127.0.0.1"))
        .hasMessageContaining("was not issued by a CA in " + pki.kitChain);
    pki.openssl.server("dns-only", "dns-only", "signing", "DNS:broker.example");
    pki.openssl.concat("dns-only-chain.crt", "dns-only.crt", "signing.crt");
    SSLContext dnsOnly =
        Handshakes.serverContext(
            pki.openssl.path("dns-only-chain.crt"), pki.openssl.path("dns-only.key"), null);
    assertThatThrownBy(() -> socketHandshake(setup, dnsOnly, "127.0.0.1"))
        .hasMessageContaining("does not cover 127.0.0.1; it covers: DNS broker.example.");
  }

  /** A JDK SSLServerSocket on 127.0.0.1 and a client SSLSocket; returns the server's subject. */
  private static String socketHandshake(TlsSetup setup, SSLContext broker, String host)
      throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            broker
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Future<?> accepted =
          serverThread.submit(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  socket.setSoTimeout(10_000);
                  socket.startHandshake();
                } catch (IOException expectedWhenTheClientRefuses) {
                  // The client's verdict is what the test looks at.
                }
                return null;
              });
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, setup.trustManagerFactory().getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress(InetAddress.getByName(host), listener.getLocalPort()));
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket.getSession().getPeerPrincipal().getName();
      } finally {
        accepted.get(10, TimeUnit.SECONDS);
      }
    }
  }

  // Without an engine or an SSL socket there is no host to check: these are the paths the JDK
  // takes for plain sockets and for callers that pass no transport at all.

  private static ExplainingTrustManager manager(Path chainFile, Clock clock) {
    return ExplainingTrustManager.create(chainFile, ClientPem.readCertificates(chainFile), clock);
  }

  private static X509Certificate[] chain(Path file) {
    return ClientPem.readCertificates(file).toArray(new X509Certificate[0]);
  }

  @Test
  void withoutATransportATrustedChainPassesAndAForeignOneIsExplained() throws Exception {
    ExplainingTrustManager manager = manager(pki.kitChain, Clock.systemUTC());

    manager.checkServerTrusted(chain(pki.serverChain), "UNKNOWN");
    assertThatThrownBy(() -> manager.checkServerTrusted(chain(pki.otherServerChain), "UNKNOWN"))
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessageContaining("(CN=other-broker, issued by CN=Other Root CA) was not issued by");
    assertThatThrownBy(
            () ->
                manager.checkServerTrusted(
                    chain(pki.otherServerChain), "UNKNOWN", (SSLEngine) null))
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessageContaining("was not issued by a CA in " + pki.kitChain);
  }

  @Test
  void anUnconnectedSocketGivesNoHostAndTheChainIsStillJudged() throws Exception {
    ExplainingTrustManager manager = manager(pki.kitChain, Clock.systemUTC());

    try (Socket socket = new Socket()) {
      manager.checkServerTrusted(chain(pki.serverChain), "UNKNOWN", socket);
      assertThatThrownBy(
              () -> manager.checkServerTrusted(chain(pki.otherServerChain), "UNKNOWN", socket))
          .isInstanceOf(ExplainedCertificateException.class)
          .hasMessageContaining("was not issued by a CA in " + pki.kitChain);
    }
  }

  @Test
  void aClientCertificateOfferedAsTheServersIsRejectedWithTheJdksReason() {
    ExplainingTrustManager manager = manager(pki.kitChain, Clock.systemUTC());

    assertThatThrownBy(() -> manager.checkServerTrusted(chain(pki.kitClient), "UNKNOWN"))
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessageStartingWith("The broker's certificate (CN=alice) was rejected: ")
        .hasMessageEndingWith(". Check that it is a TLS server certificate issued for this broker.")
        .hasMessageNotContaining("..");
  }

  @Test
  void aServerCertificateNotYetValidIsNamedWithBothClocks() {
    pki.openssl.serverWithDates(
        "future", "future-broker", "signing", "IP:127.0.0.1", "20990101000000Z", "20991231000000Z");
    pki.openssl.concat("future-chain.crt", "future.crt", "signing.crt");
    Clock now = Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC);

    assertThatThrownBy(
            () ->
                manager(pki.kitChain, now)
                    .checkServerTrusted(chain(pki.openssl.path("future-chain.crt")), "UNKNOWN"))
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessage(
            "The broker's certificate (CN=future-broker) is not valid until 2099-01-01 (this"
                + " machine's clock says 2030-06-01); check the clocks of this machine and of the"
                + " broker.");
  }

  @Test
  void anExpiredCaBetweenTheServerAndTheRootIsNamed() {
    pki.openssl.subCaWithDates(
        "old-signing", "Old Signing CA", "root", "20200101000000Z", "20210102000000Z");
    pki.openssl.serverWithDates(
        "old-ca-server",
        "broker",
        "old-signing",
        "IP:127.0.0.1",
        "20200101000000Z",
        "20991231000000Z");
    pki.openssl.concat("old-ca-chain.crt", "old-ca-server.crt", "old-signing.crt");

    assertThatThrownBy(
            () ->
                manager(pki.kitChain, Clock.systemUTC())
                    .checkServerTrusted(chain(pki.openssl.path("old-ca-chain.crt")), "UNKNOWN"))
        .isInstanceOf(ExplainedCertificateException.class)
        .hasMessage(
            "The CA that issued the broker's certificate (CN=Old Signing CA) expired on"
                + " 2021-01-02; the broker's admin has to renew that CA and the broker's"
                + " certificate.");
  }

  @Test
  void clientChainsArePassedToTheJdkUnexplained() throws Exception {
    ExplainingTrustManager manager = manager(pki.kitChain, Clock.systemUTC());
    X509Certificate[] alice = chain(pki.kitClient);
    X509Certificate[] foreign = chain(pki.otherServerChain);

    manager.checkClientTrusted(alice, "UNKNOWN");
    manager.checkClientTrusted(alice, "UNKNOWN", (SSLEngine) null);
    try (Socket socket = new Socket()) {
      manager.checkClientTrusted(alice, "UNKNOWN", socket);
      assertThatThrownBy(() -> manager.checkClientTrusted(foreign, "UNKNOWN", socket))
          .isInstanceOf(CertificateException.class)
          .isNotInstanceOf(ExplainedCertificateException.class);
    }
    assertThatThrownBy(() -> manager.checkClientTrusted(foreign, "UNKNOWN"))
        .isInstanceOf(CertificateException.class)
        .isNotInstanceOf(ExplainedCertificateException.class);
    assertThatThrownBy(() -> manager.checkClientTrusted(foreign, "UNKNOWN", (SSLEngine) null))
        .isInstanceOf(CertificateException.class)
        .isNotInstanceOf(ExplainedCertificateException.class);
  }

  @Test
  void acceptsAsIssuersTheCasOfTheChainFile() {
    assertThat(manager(pki.kitChain, Clock.systemUTC()).getAcceptedIssuers())
        .extracting(Certificates::name)
        .containsExactlyInAnyOrder("CN=Test Signing CA", "CN=Test Root CA");
  }

  @Test
  void theJdksReasonIsQuotedWithoutItsFinalPeriod() {
    assertThat(ExplainingTrustManager.stripPeriod("Path does not chain."))
        .isEqualTo("Path does not chain");
    assertThat(ExplainingTrustManager.stripPeriod("No period")).isEqualTo("No period");
    assertThat(ExplainingTrustManager.stripPeriod(null)).isEqualTo("no reason given");
  }
}
