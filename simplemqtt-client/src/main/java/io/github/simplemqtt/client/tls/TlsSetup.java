package io.github.simplemqtt.client.tls;

import io.github.simplemqtt.client.TlsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a TLS connection to the broker needs, loaded from PEM files and checked before any
 * network traffic: whom to trust (the CAs in {@code chain.crt}), and which certificate and key to
 * present (the client certificate together with its intermediate CAs, without the root).
 *
 * <p>Checks done by {@link #load}: every file exists and holds PEM of the right kind; an encrypted
 * key has a (correct) passphrase; the key belongs to the client certificate; the client certificate
 * and the CAs presented with it are valid now. The broker's certificate is checked during the
 * handshake, with host name verification on (HTTPS endpoint identification, done by the JDK); a
 * failure there is worded by our trust manager, and {@link #explain} turns any failed connection
 * into a {@link TlsException} with words.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final TrustManagerFactory trustManagerFactory;
  private final @Nullable KeyManagerFactory keyManagerFactory;
  private final List<X509Certificate> trustedCertificates;
  private final List<X509Certificate> clientCertificateChain;
  private final boolean insecure;

  private TlsSetup(
      TrustManagerFactory trustManagerFactory,
      @Nullable KeyManagerFactory keyManagerFactory,
      List<X509Certificate> trustedCertificates,
      List<X509Certificate> clientCertificateChain,
      boolean insecure) {
    this.trustManagerFactory = trustManagerFactory;
    this.keyManagerFactory = keyManagerFactory;
    this.trustedCertificates = List.copyOf(trustedCertificates);
    this.clientCertificateChain = List.copyOf(clientCertificateChain);
    this.insecure = insecure;
  }

  /**
   * Loads and checks everything; throws {@link TlsException} (naming the file, saying what to do)
   * before any network traffic.
   *
   * @param chainFile the broker's CA certificates ({@code chain.crt}); may be null only when {@code
   *     trustAnyServerInsecure} is true
   * @param certFileOrNull the client certificate, optionally followed by its CAs; null for no
   *     client certificate (then {@code keyFileOrNull} must be null too)
   * @param keyFileOrNull the client's private key (PKCS#8, PKCS#1, SEC1, encrypted or not)
   * @param keyPassphraseOrNull the key's passphrase when it is encrypted; not kept, not cleared
   * @param trustAnyServerInsecure accept ANY server certificate for ANY name; for tests only, logs
   *     a warning
   * @param clock the time against which certificate validity is checked
   * @throws TlsException when a file is missing, unreadable, not PEM, of the wrong kind, encrypted
   *     without (the right) passphrase, when the key does not belong to the certificate, or when
   *     the client certificate is expired or not yet valid
   * @throws IllegalArgumentException when the arguments do not fit together
   */
  public static TlsSetup load(
      @Nullable Path chainFile,
      @Nullable Path certFileOrNull,
      @Nullable Path keyFileOrNull,
      char @Nullable [] keyPassphraseOrNull,
      boolean trustAnyServerInsecure,
      Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (chainFile == null && !trustAnyServerInsecure) {
      throw new IllegalArgumentException(
          "A chain file (the broker's chain.crt) is needed to verify the broker; pass one.");
    }
    if ((certFileOrNull == null) != (keyFileOrNull == null)) {
      throw new IllegalArgumentException(
          "A client certificate and its key go together; pass both files or neither (cert: "
              + certFileOrNull
              + ", key: "
              + keyFileOrNull
              + ").");
    }
    List<X509Certificate> chainCertificates =
        chainFile == null ? List.of() : ClientPem.readCertificates(chainFile);
    ClientIdentity identity =
        certFileOrNull == null
            ? null
            : ClientIdentity.load(
                certFileOrNull, keyFileOrNull, keyPassphraseOrNull, chainCertificates, clock);
    TrustManagerFactory trust;
    if (trustAnyServerInsecure) {
      LOG.warn(
          "TLS server verification is OFF (trustAnyServerInsecure): any certificate for any"
              + " name is accepted, so anyone on the network can pose as the broker. Use this"
              + " only in tests.");
      trust = new FixedTrustManagerFactory(new InsecureTrustManager());
    } else {
      trust =
          new FixedTrustManagerFactory(
              // Not null: checked at the top, as trustAnyServerInsecure is false here.
              ExplainingTrustManager.create(
                  Objects.requireNonNull(chainFile, "chainFile"), chainCertificates, clock));
    }
    return new TlsSetup(
        trust,
        identity == null ? null : identity.keyManagerFactory(),
        chainCertificates,
        identity == null ? List.of() : identity.chain(),
        trustAnyServerInsecure);
  }

  /**
   * The trust manager factory to hand to the MQTT client. Its one trust manager is an {@code
   * X509ExtendedTrustManager}, so it receives the {@code SSLEngine} and the JDK runs its HTTPS host
   * name check inside it.
   */
  public TrustManagerFactory trustManagerFactory() {
    return trustManagerFactory;
  }

  /**
   * The key manager factory presenting the client certificate with its intermediate CAs; empty when
   * no client certificate was given.
   */
  public Optional<KeyManagerFactory> keyManagerFactory() {
    return Optional.ofNullable(keyManagerFactory);
  }

  /**
   * Empty normally: the MQTT client then sets endpoint identification "HTTPS" and the JDK checks
   * the host name. Present (accepting every name) only with {@code trustAnyServerInsecure}.
   */
  public Optional<HostnameVerifier> hostnameVerifier() {
    if (!insecure) {
      return Optional.empty();
    }
    return Optional.of((host, session) -> true);
  }

  /** The TLS versions to allow, newest first: TLSv1.3 and TLSv1.2. */
  public List<String> protocols() {
    return PROTOCOLS;
  }

  /** True when the broker's certificate is not verified at all ({@code trustAnyServerInsecure}). */
  public boolean insecure() {
    return insecure;
  }

  /** The certificates read from the chain file, in file order; empty when none was given. */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  /**
   * What the client presents: its certificate first, then the intermediate CAs that issued it
   * (never the self-signed root); empty when no client certificate was given.
   */
  public List<X509Certificate> clientCertificateChain() {
    return clientCertificateChain;
  }

  /**
   * Explains a failed TLS connection in words, or returns empty when the failure is not about TLS.
   * Walks the cause chain: our trust manager's explanation of the broker's certificate wins;
   * otherwise an alert the broker sent (it rejected our client certificate, it requires one, it has
   * no common TLS version) or a sign of a plain, non-TLS port.
   *
   * @param failure what the connection attempt threw (any wrapper; causes are searched)
   * @param host the host that was dialled, as given
   * @param port the port that was dialled
   */
  public static Optional<TlsException> explain(Throwable failure, String host, int port) {
    return TlsFailures.explain(failure, host, port);
  }

  /**
   * As {@link #explain(Throwable, String, int)} for a connection made with this setup: when it has
   * no client certificate, an alert about the client's certificate is said as the broker asking for
   * one (the broker saw none), not as the broker distrusting it.
   */
  public Optional<TlsException> explainFailure(Throwable failure, String host, int port) {
    return TlsFailures.explain(failure, host, port, keyManagerFactory != null);
  }
}
