package io.github.simplemqtt.client.tls;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** TLS handshakes without a broker: two SSLEngines talking through byte buffers in memory. */
final class Handshakes {
  private static final int MAX_STEPS = 1_000;

  private Handshakes() {}

  /**
   * A server context presenting the certificates in {@code certChainFile} (leaf first) with {@code
   * keyFile}; when {@code clientCaFile} is given, its certificates are the only trust anchors for
   * client certificates.
   */
  static SSLContext serverContext(Path certChainFile, Path keyFile, Path clientCaFile)
      throws Exception {
    List<X509Certificate> chain = ClientPem.readCertificates(certChainFile);
    PrivateKey key = ClientPem.readPrivateKey(keyFile, null);
    char[] password = "server".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
    keyManagers.init(keys, password);
    TrustManagerFactory trustManagers = null;
    if (clientCaFile != null) {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      int i = 0;
      for (X509Certificate ca : ClientPem.readCertificates(clientCaFile)) {
        anchors.setCertificateEntry("ca-" + i++, ca);
      }
      trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(anchors);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keyManagers.getKeyManagers(),
        trustManagers == null ? null : trustManagers.getTrustManagers(),
        null);
    return context;
  }

  static SSLEngine serverEngine(SSLContext context, boolean needClientAuth) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(needClientAuth);
    return engine;
  }

  /**
   * A client engine built from {@code setup} as HiveMQ builds it: the dialled host and port go to
   * {@code createSSLEngine} and endpoint identification is "HTTPS".
   */
  static SSLEngine clientEngine(TlsSetup setup, String host, int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        setup.keyManagerFactory().map(KeyManagerFactory::getKeyManagers).orElse(null),
        setup.trustManagerFactory().getTrustManagers(),
        null);
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(setup.protocols().toArray(new String[0]));
    if (setup.hostnameVerifier().isEmpty()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** Runs the handshake to its end; throws what either side throws. */
  static void run(SSLEngine client, SSLEngine server) throws SSLException {
    ByteBuffer clientToServer = ByteBuffer.allocate(1 << 16);
    ByteBuffer serverToClient = ByteBuffer.allocate(1 << 16);
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < MAX_STEPS; step++) {
      boolean progress = step(client, serverToClient, clientToServer);
      progress |= step(server, clientToServer, serverToClient);
      if (finished(client) && finished(server)) {
        return;
      }
      if (!progress) {
        throw new IllegalStateException(
            "Handshake stuck: client "
                + client.getHandshakeStatus()
                + ", server "
                + server.getHandshakeStatus());
      }
    }
    throw new IllegalStateException("Handshake did not finish in " + MAX_STEPS + " steps");
  }

  private static boolean finished(SSLEngine engine) {
    return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
  }

  private static boolean step(SSLEngine engine, ByteBuffer inbound, ByteBuffer outbound)
      throws SSLException {
    switch (engine.getHandshakeStatus()) {
      case NEED_TASK -> {
        for (Runnable task = engine.getDelegatedTask();
            task != null;
            task = engine.getDelegatedTask()) {
          task.run();
        }
        return true;
      }
      case NEED_WRAP -> {
        return engine.wrap(ByteBuffer.allocate(0), outbound).bytesProduced() > 0
            || engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
      }
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        HandshakeStatus before = engine.getHandshakeStatus();
        inbound.flip();
        try {
          int consumed = engine.unwrap(inbound, ByteBuffer.allocate(1 << 16)).bytesConsumed();
          return consumed > 0 || engine.getHandshakeStatus() != before;
        } finally {
          inbound.compact();
        }
      }
      default -> {
        return false;
      }
    }
  }
}
