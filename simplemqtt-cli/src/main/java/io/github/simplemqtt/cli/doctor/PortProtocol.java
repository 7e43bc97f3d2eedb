package io.github.simplemqtt.cli.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * After a failed connect, whether the port speaks the other protocol: a TLS client on a plain MQTT
 * port or a plain client on a TLS port otherwise only hears "Connection reset".
 */
public final class PortProtocol {
  private PortProtocol() {}

  /**
   * Asks the port with a plain MQTT CONNECT and says, when it speaks the other protocol than the
   * client used, which one it speaks and what to do.
   *
   * @param host the broker host
   * @param port the port the client used
   * @param clientUsedTls whether the client spoke TLS
   * @param timeout how long the probe may take
   * @return one sentence naming what the port speaks, or empty when it speaks what the client used
   *     or cannot be told
   */
  public static Optional<String> mismatch(
      String host, int port, boolean clientUsedTls, Duration timeout) {
    MqttProbe.Kind kind;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      kind = MqttProbe.exchange(socket, "simplemqtt-probe", timeout).kind();
    } catch (IOException e) {
      return Optional.empty();
    }
    String at = host + ":" + port;
    if (clientUsedTls && kind == MqttProbe.Kind.CONNACK) {
      return Optional.of(
          "Port "
              + port
              + " of "
              + host
              + " speaks plain MQTT, not TLS: connect to the broker's TLS port (often 8883) with"
              + " -p, or leave out --cafile/--cert/--key to talk plain MQTT to "
              + at
              + ".");
    }
    if (!clientUsedTls
        && (kind == MqttProbe.Kind.TLS_RECORD
            || (kind == MqttProbe.Kind.CLOSED && answersTls(host, port, timeout)))) {
      return Optional.of(
          "Port "
              + port
              + " of "
              + host
              + " speaks TLS, not plain MQTT: add --cafile chain.crt (and --cert/--key for a"
              + " client certificate), or connect to the broker's plain port (often 1883) with"
              + " -p.");
    }
    return Optional.empty();
  }

  /**
   * Whether a TLS handshake gets as far as the server's certificate (mosquitto resets a plain
   * CONNECT on its TLS port, so the CONNECT probe alone cannot tell). Nothing is sent after it.
   */
  private static boolean answersTls(String host, int port, Duration timeout) {
    RecordingManagers.Trust trust = new RecordingManagers.Trust(null);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        plain.setSoTimeout((int) timeout.toMillis());
        try (SSLSocket socket =
            (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
          socket.startHandshake();
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      // A broker demanding a client certificate ends the handshake after sending its own.
    }
    return trust.serverChain != null;
  }
}
