package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.tls.Certificates;
import io.github.simplemqtt.tls.SubjectAltName;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Checks the broker's certificate with the JDK's PKIX trust manager, anchored in the CAs of the
 * chain file, and turns its failures into sentences. It receives the {@code SSLEngine} (HiveMQ sets
 * endpoint identification "HTTPS" on it), so the JDK's own host name check does the real work;
 * being an {@code X509ExtendedTrustManager}, it is not wrapped by the JDK.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final Path chainFile;
  private final List<X509Certificate> chainFileCertificates;
  private final List<X509Certificate> anchors;
  private final Clock clock;

  private ExplainingTrustManager(
      X509ExtendedTrustManager delegate,
      Path chainFile,
      List<X509Certificate> chainFileCertificates,
      List<X509Certificate> anchors,
      Clock clock) {
    this.delegate = delegate;
    this.chainFile = chainFile;
    this.chainFileCertificates = List.copyOf(chainFileCertificates);
    this.anchors = List.copyOf(anchors);
    this.clock = clock;
  }

  /**
   * Trust anchors are the CA certificates in the chain file; when it holds none (a self-signed
   * server certificate, say), the certificates in it are trusted as they are.
   */
  static ExplainingTrustManager create(
      Path chainFile, List<X509Certificate> chainFileCertificates, Clock clock) {
    List<X509Certificate> anchors =
        chainFileCertificates.stream().filter(Certificates::isCa).toList();
    if (anchors.isEmpty()) {
      anchors = chainFileCertificates;
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("anchor-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return new ExplainingTrustManager(
              extended, chainFile, chainFileCertificates, anchors, clock);
        }
      }
      throw new IllegalStateException("The JDK's PKIX TrustManagerFactory has no X509 manager.");
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsException(
          "The certificates in " + chainFile + " cannot be used as trust anchors",
          "check the file.",
          chainFile,
          e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw explain(chain, authType, engine == null ? null : engine.getPeerHost(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw explain(chain, authType, peerHost(socket), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw explain(chain, authType, null, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  /**
   * Works out why the delegate refused the chain. If the same chain passes without the engine (that
   * is, without endpoint identification), the dialled host was the problem.
   */
  private CertificateException explain(
      X509Certificate[] chain,
      String authType,
      @Nullable String host,
      CertificateException failure) {
    // The JDK refuses a null or empty chain with an IllegalArgumentException, before this.
    X509Certificate server = chain[0];
    String serverName = Certificates.name(server);
    if (host != null && passesWithoutHostCheck(chain, authType)) {
      List<String> covered = coveredNames(server);
      String reissue = "Re-issue it with `simplemqtt cert server --host " + host + "`";
      String doesNotCover = "The broker's certificate (" + serverName + ") does not cover " + host;
      return explained(
          covered.isEmpty()
              ? doesNotCover + "; it has no subjectAltName, so it covers no address"
              : doesNotCover + "; it covers: " + String.join(", ", covered),
          covered.isEmpty() ? reissue + "." : reissue + ", or connect to one of those names.",
          failure);
    }
    if (!isAnchored(chain)) {
      return explained(
          "The broker's certificate ("
              + serverName
              + ", issued by "
              + Certificates.issuerName(server)
              + ") was not issued by a CA in "
              + chainFile
              + " (which holds: "
              + Certificates.names(chainFileCertificates)
              + ")",
          "Use the chain.crt of this broker.",
          failure);
    }
    Optional<CertificateException> validity = validityProblem(chain, clock.instant(), failure);
    if (validity.isPresent()) {
      return validity.get();
    }
    return explained(
        "The broker's certificate ("
            + serverName
            + ") was rejected: "
            + stripPeriod(failure.getMessage()),
        "Check that it is a TLS server certificate issued for this broker.",
        failure);
  }

  private ExplainedCertificateException explained(
      String what, String fix, CertificateException failure) {
    return new ExplainedCertificateException(new TlsException(what, fix, chainFile, null), failure);
  }

  /** The DNS names and IP addresses the certificate covers: "IP 127.0.0.1", "DNS localhost". */
  private static List<String> coveredNames(X509Certificate certificate) {
    return Certificates.subjectAltNames(certificate).stream()
        .filter(name -> name.type() != SubjectAltName.Type.OTHER)
        .map(name -> name.type() + " " + name.value())
        .toList();
  }

  private boolean passesWithoutHostCheck(X509Certificate[] chain, String authType) {
    try {
      delegate.checkServerTrusted(chain, authType);
      return true;
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }

  /** True when some certificate of the chain is an anchor or was signed by one. */
  private boolean isAnchored(X509Certificate[] chain) {
    return Arrays.stream(chain)
        .anyMatch(
            certificate ->
                anchors.contains(certificate)
                    || anchors.stream()
                        .anyMatch(anchor -> Certificates.isIssuedBy(certificate, anchor)));
  }

  private Optional<CertificateException> validityProblem(
      X509Certificate[] chain, Instant now, CertificateException failure) {
    X509Certificate server = chain[0];
    if (server.getNotAfter().toInstant().isBefore(now)) {
      return Optional.of(
          explained(
              "The broker's certificate ("
                  + Certificates.name(server)
                  + ") expired on "
                  + Certificates.day(server.getNotAfter().toInstant()),
              "the broker's admin has to issue a new one (`simplemqtt cert server`) and restart"
                  + " the broker.",
              failure));
    }
    if (server.getNotBefore().toInstant().isAfter(now)) {
      return Optional.of(
          explained(
              "The broker's certificate ("
                  + Certificates.name(server)
                  + ") is not valid until "
                  + Certificates.day(server.getNotBefore().toInstant())
                  + " (this machine's clock says "
                  + Certificates.day(now)
                  + ")",
              "check the clocks of this machine and of the broker.",
              failure));
    }
    for (X509Certificate ca : Arrays.asList(chain).subList(1, chain.length)) {
      if (ca.getNotAfter().toInstant().isBefore(now)) {
        return Optional.of(
            explained(
                "The CA that issued the broker's certificate ("
                    + Certificates.name(ca)
                    + ") expired on "
                    + Certificates.day(ca.getNotAfter().toInstant()),
                "the broker's admin has to renew that CA and the broker's certificate.",
                failure));
      }
    }
    return Optional.empty();
  }

  /**
   * The host the socket dialled. The JDK checks host names only on an {@code SSLSocket}, so on any
   * other socket the host cannot be why a chain failed and none is given.
   */
  private static @Nullable String peerHost(@Nullable Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      SSLSession session = ssl.getHandshakeSession();
      return session == null ? null : session.getPeerHost();
    }
    return null;
  }

  static String stripPeriod(@Nullable String message) {
    if (message == null) {
      return "no reason given";
    }
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }
}
