package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.client.TlsException;
import io.github.simplemqtt.client.tls.TlsSetup;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Gathers what step 3 judges, and judges none of it: that is {@link TlsCheck}'s part, which can so
 * be tested on facts that would take a broken broker to produce. Over the connection step 2 made it
 * sends a plain MQTT CONNECT (a plain target) or does a raw JSSE handshake (a TLS target) that
 * records the broker's chain and the CAs its CertificateRequest names, then sends a CONNECT over
 * TLS to learn whether the broker accepts our certificate. Where the first answer does not explain
 * itself it asks the port once more: whether it presents a certificate (a plain target) or answers
 * plain MQTT (a TLS target whose handshake ended without a word).
 */
final class TlsProbe {
  private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private TlsProbe() {}

  /** What was found; one of the records below. */
  sealed interface Facts permits Lost, Plain, Unusable, HandshakeFailed, Handshook {}

  /**
   * The connection step 2 made failed before anything was learned from it.
   *
   * @param failure why
   */
  record Lost(IOException failure) implements Facts {}

  /**
   * A plain target: what our MQTT CONNECT got back.
   *
   * @param answer the first bytes that came back
   * @param presented the certificate the port presents when spoken to in TLS; looked for only when
   *     the answer was neither a CONNACK nor silence, else empty
   */
  record Plain(MqttProbe.Answer answer, Optional<X509Certificate> presented) implements Facts {}

  /**
   * A TLS target whose files do not make a TLS setup (step 1 read them, but the client's own
   * loading has the last word).
   *
   * @param failure the client's words for it
   */
  record Unusable(TlsException failure) implements Facts {}

  /**
   * What the broker asked of us in its CertificateRequest.
   *
   * @param asked whether it asked for a client certificate at all
   * @param issuers the CAs it named, in its order; empty when it named none
   */
  record CertificateRequest(boolean asked, List<Principal> issuers) {
    CertificateRequest {
      issuers = List.copyOf(issuers);
    }

    /** Whether a certificate of {@code ours} (leaf first) was issued by, or is, a CA it named. */
    boolean fits(List<X509Certificate> ours) {
      return ours.stream()
          .anyMatch(
              c ->
                  issuers.contains(c.getIssuerX500Principal())
                      || issuers.contains(c.getSubjectX500Principal()));
    }

    /**
     * Whether the broker asked for a certificate that {@code ours} cannot give: we have none, or
     * none from the CAs it named. The probe sends no CONNECT then, and the check says why.
     */
    boolean unmetBy(List<X509Certificate> ours) {
      return asked && (ours.isEmpty() || (!issuers.isEmpty() && !fits(ours)));
    }
  }

  /**
   * What came back to our MQTT CONNECT over the finished handshake.
   *
   * @param kind what kind of answer
   * @param alert the TLS alert that ended the connection, when one did
   */
  record Reply(MqttProbe.Kind kind, Optional<String> alert) {}

  /**
   * The TLS handshake failed.
   *
   * @param failure how it ended
   * @param alert the TLS alert the broker sent, when it sent one
   * @param serverChain the chain the broker presented, when the handshake got that far, else empty
   * @param rejection why our trust manager turned that chain down, when it did
   * @param anchors the CAs we trust (the chain file)
   * @param ours our certificate chain, leaf first; empty without a client certificate
   * @param plainAnswer when nothing above explains the end: what a plain MQTT CONNECT on a new
   *     connection got back, else empty
   * @param now the clock's instant after the handshake
   * @param closing the failure closing the connection, which leaves this step without a verdict
   */
  record HandshakeFailed(
      IOException failure,
      Optional<String> alert,
      List<X509Certificate> serverChain,
      Optional<CertificateException> rejection,
      List<X509Certificate> anchors,
      List<X509Certificate> ours,
      Optional<MqttProbe.Answer> plainAnswer,
      Instant now,
      Optional<IOException> closing)
      implements Facts {
    HandshakeFailed {
      serverChain = List.copyOf(serverChain);
      anchors = List.copyOf(anchors);
      ours = List.copyOf(ours);
    }
  }

  /**
   * The TLS handshake passed.
   *
   * @param protocol the TLS version
   * @param cipherSuite the cipher suite
   * @param serverChain the chain the broker presented, which our trust manager accepted
   * @param request what the broker asked of us
   * @param ours our certificate chain, leaf first; empty without a client certificate
   * @param reply what our CONNECT got back; empty when the request was {@linkplain
   *     CertificateRequest#unmetBy unmet} and no CONNECT was sent
   * @param now the clock's instant after the handshake
   * @param closing the failure closing the connection, which leaves this step without a verdict
   */
  record Handshook(
      String protocol,
      String cipherSuite,
      List<X509Certificate> serverChain,
      CertificateRequest request,
      List<X509Certificate> ours,
      Optional<Reply> reply,
      Instant now,
      Optional<IOException> closing)
      implements Facts {
    Handshook {
      if (serverChain.isEmpty()) {
        throw new IllegalArgumentException("a passed handshake has the server's chain");
      }
      serverChain = List.copyOf(serverChain);
      ours = List.copyOf(ours);
    }
  }

  /** The socket for steps 2 and 3: one that lets a TLS alert be read, see below. */
  static Socket newSocket(Target target) {
    return target.tls() ? new AlertKeepingSocket() : new Socket();
  }

  /**
   * @param connected the socket step 2 connected (from {@link #newSocket}); used and closed here
   */
  static Facts gather(Target target, Clock clock, String clientId, Socket connected) {
    return target.tls()
        ? tls(target, clock, clientId, connected)
        : plain(target, clientId, connected);
  }

  // ---------------------------------------------------------------- plain

  private static Facts plain(Target target, String clientId, Socket connected) {
    MqttProbe.Answer answer;
    try (Socket socket = connected) {
      socket.setTcpNoDelay(true);
      answer = MqttProbe.exchange(socket, clientId, target.timeout());
    } catch (IOException e) {
      return new Lost(e);
    }
    boolean odd =
        answer.kind() != MqttProbe.Kind.CONNACK && answer.kind() != MqttProbe.Kind.TIMEOUT;
    return new Plain(answer, odd ? presentedCertificate(target) : Optional.empty());
  }

  /** The certificate a TLS listener presents, trusting anything: only to learn what a port is. */
  private static Optional<X509Certificate> presentedCertificate(Target target) {
    RecordingManagers.Trust trust = new RecordingManagers.Trust(null);
    try (Socket raw = connect(target)) {
      SSLSocket ssl = handshakeSocket(raw, target, new RecordingManagers.Keys(null), trust, false);
      ssl.startHandshake();
    } catch (IOException | GeneralSecurityException e) {
      // Only the recorded chain matters.
    }
    X509Certificate[] chain = trust.serverChain;
    return chain == null || chain.length == 0 ? Optional.empty() : Optional.of(chain[0]);
  }

  // ---------------------------------------------------------------- TLS

  private static Facts tls(Target target, Clock clock, String clientId, Socket connected) {
    TlsSetup setup;
    try {
      setup =
          TlsSetup.load(
              target.chainFile(), target.certFile(), target.keyFile(), null, false, clock);
    } catch (TlsException e) {
      return new Unusable(e);
    }
    List<X509Certificate> anchors = setup.trustedCertificates();
    X509ExtendedTrustManager verifier =
        (X509ExtendedTrustManager) setup.trustManagerFactory().getTrustManagers()[0];
    X509ExtendedKeyManager presenter =
        setup
            .keyManagerFactory()
            .map(f -> (X509ExtendedKeyManager) f.getKeyManagers()[0])
            .orElse(null);
    RecordingManagers.Trust trust = new RecordingManagers.Trust(verifier);
    RecordingManagers.Keys keys = new RecordingManagers.Keys(presenter);
    List<X509Certificate> ours = setup.clientCertificateChain();

    try {
      connected.setTcpNoDelay(true);
      connected.setSoTimeout(target.timeoutMillis());
    } catch (IOException e) {
      closeQuietly(connected);
      return new Lost(e);
    }
    Facts learned = handshake(target, clock, clientId, connected, trust, keys, anchors, ours);
    try {
      connected.close();
    } catch (IOException e) {
      return closingFailed(learned, e);
    }
    return learned;
  }

  /** What was learned, with the failure of the close that came after it. */
  private static Facts closingFailed(Facts learned, IOException closing) {
    if (learned instanceof HandshakeFailed f) {
      return new HandshakeFailed(
          f.failure(),
          f.alert(),
          f.serverChain(),
          f.rejection(),
          f.anchors(),
          f.ours(),
          f.plainAnswer(),
          f.now(),
          Optional.of(closing));
    }
    Handshook h = (Handshook) learned;
    return new Handshook(
        h.protocol(),
        h.cipherSuite(),
        h.serverChain(),
        h.request(),
        h.ours(),
        h.reply(),
        h.now(),
        Optional.of(closing));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // The failure before it is the one reported.
    }
  }

  private static Facts handshake(
      Target target,
      Clock clock,
      String clientId,
      Socket raw,
      RecordingManagers.Trust trust,
      RecordingManagers.Keys keys,
      List<X509Certificate> anchors,
      List<X509Certificate> ours) {
    SSLSocket ssl;
    try {
      ssl = handshakeSocket(raw, target, keys, trust, true);
      ssl.startHandshake();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK cannot make a TLS context", e);
    } catch (IOException e) {
      return handshakeFailed(target, clock, clientId, e, trust, anchors, ours);
    }
    // Read before the CONNECT, which may end the connection.
    String protocol = ssl.getSession().getProtocol();
    String cipherSuite = ssl.getSession().getCipherSuite();
    // Recorded by the trust manager, which the handshake that just passed went through.
    X509Certificate[] chain = trust.serverChain;
    List<X509Certificate> serverChain = chain == null ? List.of() : Arrays.asList(chain);
    Instant now = clock.instant();
    CertificateRequest request = new CertificateRequest(keys.asked, keys.acceptedIssuers);
    Optional<Reply> reply = Optional.empty();
    if (!request.unmetBy(ours)) {
      MqttProbe.Answer answer = MqttProbe.exchange(ssl, clientId, target.timeout());
      reply = Optional.of(new Reply(answer.kind(), alert(answer.failure())));
    }
    return new Handshook(
        protocol, cipherSuite, serverChain, request, ours, reply, now, Optional.empty());
  }

  private static HandshakeFailed handshakeFailed(
      Target target,
      Clock clock,
      String clientId,
      IOException failure,
      RecordingManagers.Trust trust,
      List<X509Certificate> anchors,
      List<X509Certificate> ours) {
    X509Certificate[] chain = trust.serverChain;
    List<X509Certificate> serverChain = chain == null ? List.of() : Arrays.asList(chain);
    Optional<CertificateException> rejection = Optional.ofNullable(trust.rejection);
    Optional<String> alert = alert(failure);
    Instant now = clock.instant();
    Optional<MqttProbe.Answer> plain = Optional.empty();
    boolean explained =
        (rejection.isPresent() && !serverChain.isEmpty())
            || alert.isPresent()
            || failure instanceof SocketTimeoutException;
    if (!explained) {
      // Closed, reset or not TLS at all: is it a plain MQTT listener?
      MqttProbe.Answer answer;
      try (Socket socket = connect(target)) {
        answer = MqttProbe.exchange(socket, clientId, target.timeout());
      } catch (IOException e) {
        answer = new MqttProbe.Answer(MqttProbe.Kind.CLOSED, -1, e);
      }
      plain = Optional.of(answer);
    }
    return new HandshakeFailed(
        failure, alert, serverChain, rejection, anchors, ours, plain, now, Optional.empty());
  }

  // ---------------------------------------------------------------- helpers

  private static Socket connect(Target target) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(target.host(), target.port()), target.timeoutMillis());
      socket.setSoTimeout(target.timeoutMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static SSLSocket handshakeSocket(
      Socket raw,
      Target target,
      RecordingManagers.Keys keys,
      RecordingManagers.Trust trust,
      boolean verifyHost)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
    SSLSocket ssl =
        (SSLSocket)
            context.getSocketFactory().createSocket(raw, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
    if (verifyHost) {
      // As the MQTT client does: the JDK checks the dialled name or IP against subjectAltName.
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    ssl.setSSLParameters(parameters);
    return ssl;
  }

  /** The TLS alert named in a failure or its causes, as the JDK words a received one. */
  static Optional<String> alert(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = ALERT.matcher(t.getMessage());
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A socket whose writes never fail. Mosquitto rejects a client certificate as soon as it has read
   * it: it sends an alert naming the reason (certificate_revoked, unknown_ca, ...) and closes,
   * while the JDK is still writing the rest of its TLS 1.3 flight. That write then fails with
   * "Broken pipe" and the JDK gives up before it reads the alert, which waits in the receive
   * buffer. Ignoring failed writes lets the JDK go on to read the alert, so doctor can name it. A
   * write error is not lost: the next read fails too.
   */
  private static final class AlertKeepingSocket extends Socket {
    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream out = super.getOutputStream();
      return new FilterOutputStream(out) {
        @Override
        public void write(byte[] bytes, int offset, int length) {
          try {
            out.write(bytes, offset, length);
          } catch (IOException e) {
            // See the class comment: the read that follows reports what happened.
          }
        }

        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() {
          try {
            out.flush();
          } catch (IOException e) {
            // As above.
          }
        }
      };
    }
  }
}
