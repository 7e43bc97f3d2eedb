package io.github.simplemqtt.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Asks a port whether it speaks TLS, after a plain MQTT connect to it was closed unanswered: that
 * is what Mosquitto's TLS listener does to a plain CONNECT, and what many other failures look like.
 */
final class TlsProbe {
  private TlsProbe() {}

  /**
   * Whether a TLS handshake with the port gets as far as the server's certificate. The handshake is
   * abandoned there: nothing is trusted, no client certificate and no MQTT is sent. Blocks for up
   * to twice {@code timeout}; call it on the caller's thread, never on a network thread.
   */
  static boolean answersTls(String host, int port, Duration timeout) {
    AtomicBoolean sawCertificate = new AtomicBoolean();
    X509TrustManager recorder =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            throw new CertificateException("A probe trusts no client.");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            sawCertificate.set(true);
            throw new CertificateException("A probe trusts no server; it only asks for TLS.");
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recorder}, null);
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        socket.startHandshake();
      }
    } catch (IOException | GeneralSecurityException e) {
      // Expected: the recorder ends every handshake, and a port that is not TLS fails it sooner.
    }
    return sawCertificate.get();
  }
}
