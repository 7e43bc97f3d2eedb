package io.github.simplemqtt.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Certificates;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsSetup} as the MQTT client uses it. The handshakes here build the client engine with
 * HiveMQ 1.3.10's own code ({@code MqttSslInitializer.createSslContext}, then {@code
 * newHandler(alloc, host, port)}), reached by reflection because it is internal.
 */
class TlsSetupTest {
  static Pki pki;
  static SSLContext broker;
  static SSLContext otherBroker;

  @BeforeAll
  static void pki() throws Exception {
    pki = Pki.shared();
    broker = Handshakes.serverContext(pki.serverChain, pki.serverKey, null);
    otherBroker = Handshakes.serverContext(pki.otherServerChain, pki.otherServerKey, null);
  }

  /**
   * The engine HiveMQ 1.3.10 makes for a connection to host:port: SslContext from the SSL config,
   * {@code newHandler(alloc, host, port)}, and, when no hostname verifier is set, endpoint
   * identification "HTTPS" on the engine (what {@code MqttSslInitializer.initChannel} does).
   */
  static SSLEngine hiveMqEngine(TlsSetup setup, String host, int port) throws Exception {
    MqttClientSslConfigBuilder builder =
        MqttClientSslConfig.builder()
            .trustManagerFactory(setup.trustManagerFactory())
            .protocols(setup.protocols());
    setup.keyManagerFactory().ifPresent(builder::keyManagerFactory);
    setup.hostnameVerifier().ifPresent(builder::hostnameVerifier);
    MqttClientSslConfig config = builder.build();
    Method create =
        Class.forName("com.hivemq.client.internal.mqtt.handler.ssl.MqttSslInitializer")
            .getDeclaredMethod("createSslContext", config.getClass());
    create.setAccessible(true);
    Object sslContext = create.invoke(null, config);
    Class<?> allocator = Class.forName("io.netty.buffer.ByteBufAllocator");
    Object handler =
        Class.forName("io.netty.handler.ssl.SslContext")
            .getMethod("newHandler", allocator, String.class, int.class)
            .invoke(sslContext, allocator.getField("DEFAULT").get(null), host, port);
    SSLEngine engine = (SSLEngine) handler.getClass().getMethod("engine").invoke(handler);
    if (config.getHostnameVerifier().isEmpty()) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    return engine;
  }

  private static TlsSetup trusting(Path chain) {
    return TlsSetup.load(chain, null, null, null, false, Clock.systemUTC());
  }

  @Test
  void throughHiveMqTrustedBrokerPassesAndNoSniIsSentForAnIp() throws Exception {
    SSLEngine client = hiveMqEngine(trusting(pki.kitChain), "127.0.0.1", 8883);
    SSLEngine server = Handshakes.serverEngine(broker, false);
    Handshakes.run(client, server);
    assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(((ExtendedSSLSession) server.getSession()).getRequestedServerNames()).isEmpty();
  }

  @Test
  void throughHiveMqIpv6LiteralWorks() throws Exception {
    SSLEngine server = Handshakes.serverEngine(broker, false);
    Handshakes.run(hiveMqEngine(trusting(pki.kitChain), "::1", 8883), server);
    assertThat(((ExtendedSSLSession) server.getSession()).getRequestedServerNames()).isEmpty();
  }

  @Test
  void throughHiveMqADnsNameIsSentAsSni() throws Exception {
    pki.openssl.server("named", "named", "signing", "DNS:broker.example");
    pki.openssl.concat("named-chain.crt", "named.crt", "signing.crt");
    SSLContext named =
        Handshakes.serverContext(
            pki.openssl.path("named-chain.crt"), pki.openssl.path("named.key"), null);
    SSLEngine server = Handshakes.serverEngine(named, false);
    Handshakes.run(hiveMqEngine(trusting(pki.kitChain), "broker.example", 8883), server);
    assertThat(((ExtendedSSLSession) server.getSession()).getRequestedServerNames())
        .containsExactly(new SNIHostName("broker.example"));
  }

  @Test
  void throughHiveMqUncoveredHostIsExplainedAndExplainKeepsTheWords() throws Exception {
    SSLEngine client = hiveMqEngine(trusting(pki.kitChain), "10.0.0.5", 8883);
    SSLEngine server = Handshakes.serverEngine(broker, false);
    Throwable failure = null;
    try {
      Handshakes.run(client, server);
    } catch (SSLHandshakeException e) {
      failure = e;
    }
    assertThat(failure).hasMessageContaining("does not cover 10.0.0.5; it covers: IP 127.0.0.1");
    TlsException explanation =
        TlsSetup.explain(new RuntimeException(failure), "10.0.0.5", 8883).orElseThrow();
    // Newer JDKs put the alert before the message ("(certificate_unknown) ...", seen on 25);
    // the explanation is our words alone.
    assertThat(explanation)
        .hasMessageStartingWith("The broker's certificate (CN=broker) does not cover 10.0.0.5");
    assertThat(failure.getMessage()).endsWith(explanation.getMessage());
    assertThat(explanation.file()).contains(pki.kitChain);
  }

  @Test
  void throughHiveMqOtherCaIsExplained() throws Exception {
    SSLEngine client = hiveMqEngine(trusting(pki.originalChain), "127.0.0.1", 8883);
    assertThatThrownBy(() -> Handshakes.run(client, Handshakes.serverEngine(otherBroker, false)))
        .hasMessageContaining("was not issued by a CA in " + pki.originalChain)
        .hasMessageContaining("(which holds: CN=broker, CN=Test Signing CA, CN=Test Root CA)");
  }

  @Test
  void throughHiveMqClientCertificateArrivesWithItsSigningCa() throws Exception {
    TlsSetup setup =
        TlsSetup.load(pki.kitChain, pki.kitClient, pki.aliceKey, null, false, Clock.systemUTC());
    SSLContext mutual = Handshakes.serverContext(pki.serverChain, pki.serverKey, pki.root);
    SSLEngine server = Handshakes.serverEngine(mutual, true);
    Handshakes.run(hiveMqEngine(setup, "127.0.0.1", 8883), server);
    assertThat(server.getSession().getPeerCertificates())
        .extracting(c -> Certificates.name((X509Certificate) c))
        .containsExactly("CN=alice", "CN=Test Signing CA");
    assertThat(setup.clientCertificateChain())
        .extracting(Certificates::name)
        .containsExactly("CN=alice", "CN=Test Signing CA");
  }

  @Test
  void insecureAcceptsAnyCertificateForAnyName() throws Exception {
    TlsSetup setup = TlsSetup.load(null, null, null, null, true, Clock.systemUTC());
    assertThat(setup.insecure()).isTrue();
    assertThat(setup.hostnameVerifier()).isPresent();
    assertThat(setup.hostnameVerifier().get().verify("anything.example", null)).isTrue();
    SSLEngine client = hiveMqEngine(setup, "10.0.0.5", 8883);
    Handshakes.run(client, Handshakes.serverEngine(otherBroker, false));
    assertThat(client.getSession().getPeerPrincipal().getName()).isEqualTo("CN=other-broker");
  }

  @Test
  void secureByDefault() {
    TlsSetup setup = trusting(pki.kitChain);
    assertThat(setup.insecure()).isFalse();
    assertThat(setup.hostnameVerifier()).isEmpty();
    assertThat(setup.keyManagerFactory()).isEmpty();
    assertThat(setup.clientCertificateChain()).isEmpty();
    assertThat(setup.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(setup.trustedCertificates())
        .extracting(Certificates::name)
        .containsExactly("CN=Test Signing CA", "CN=Test Root CA");
    TrustManager[] managers = setup.trustManagerFactory().getTrustManagers();
    assertThat(managers).singleElement().isInstanceOf(X509ExtendedTrustManager.class);
  }

  @Test
  void argumentsThatDoNotFitTogether() {
    assertThatThrownBy(() -> TlsSetup.load(null, null, null, null, false, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain file");
    assertThatThrownBy(
            () -> TlsSetup.load(pki.kitChain, pki.alice, null, null, false, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass both files or neither");
  }

  @Test
  void problemsSurfaceAtLoadNamingTheFile() {
    assertThatThrownBy(() -> trusting(pki.aliceKey))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining(pki.aliceKey + " holds a private key, not a certificate");
    pki.openssl.client("carol", "carol", "signing", 30);
    assertThatThrownBy(
            () ->
                TlsSetup.load(
                    pki.kitChain,
                    pki.alice,
                    pki.openssl.path("carol.key"),
                    null,
                    false,
                    Clock.systemUTC()))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith(
            pki.openssl.path("carol.key") + " does not belong to " + pki.alice + " (CN=alice)");
  }

  @Test
  void encryptedKeyLoadsWithItsPassphrase() {
    pki.openssl.run(
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        "alice.key",
        "-out",
        "alice-enc.key",
        "-passout",
        "pass:open sesame");
    Path encrypted = pki.openssl.path("alice-enc.key");
    TlsSetup setup =
        TlsSetup.load(
            pki.kitChain,
            pki.alice,
            encrypted,
            "open sesame".toCharArray(),
            false,
            Clock.systemUTC());
    assertThat(setup.keyManagerFactory()).isPresent();
    assertThatThrownBy(
            () -> TlsSetup.load(pki.kitChain, pki.alice, encrypted, null, false, Clock.systemUTC()))
        .isInstanceOf(TlsException.class)
        .hasMessage(encrypted + " is encrypted; pass its passphrase with keyPassphrase(...).");
  }

  @Test
  void trustManagerFactoryIgnoresInit() throws Exception {
    TlsSetup setup = trusting(pki.kitChain);
    TrustManager before = setup.trustManagerFactory().getTrustManagers()[0];
    setup.trustManagerFactory().init((KeyStore) null);
    assertThat(setup.trustManagerFactory().getTrustManagers()).containsExactly(before);
    assertThat(List.of(setup.trustManagerFactory().getAlgorithm()))
        .containsExactly("simplemqtt-fixed");
  }
}
