package io.github.simplemqtt.cli.doctor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Sends one MQTT 3.1.1 CONNECT over a connected socket and looks at the first bytes that come back.
 * That tells a plain MQTT listener (a CONNACK) from a TLS one (a TLS record, or the connection
 * dropped), and after a TLS handshake, whether the broker accepted our certificate.
 */
final class MqttProbe {
  private static final int CONNACK = 0x20;
  private static final int TLS_ALERT = 0x15;
  private static final int TLS_HANDSHAKE = 0x16;

  /** What came back. */
  enum Kind {
    /** A CONNACK: this is an MQTT listener (whatever the return code). */
    CONNACK,
    /** Bytes that start a TLS record: this port speaks TLS. */
    TLS_RECORD,
    /** The peer closed or reset the connection without answering. */
    CLOSED,
    /** Nothing came back in time. */
    TIMEOUT,
    /** A TLS alert or another TLS failure after the handshake. */
    TLS_FAILURE,
    /** Something else. */
    OTHER
  }

  /**
   * @param kind what came back
   * @param returnCode the CONNACK return code, or -1
   * @param failure the exception that ended the read, or null
   */
  record Answer(Kind kind, int returnCode, @Nullable Exception failure) {}

  private MqttProbe() {}

  static Answer exchange(Socket socket, String clientId, Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(connectPacket(clientId));
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      if (first < 0) {
        return new Answer(Kind.CLOSED, -1, new EOFException("connection closed"));
      }
      if (first == TLS_ALERT || first == TLS_HANDSHAKE) {
        return new Answer(Kind.TLS_RECORD, -1, null);
      }
      if (first != CONNACK) {
        return new Answer(Kind.OTHER, -1, null);
      }
      in.read(); // remaining length, 2
      in.read(); // session present
      int code = in.read();
      try {
        out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT
        out.flush();
      } catch (IOException e) {
        // The broker may already have closed a refused connection.
      }
      return new Answer(Kind.CONNACK, code, null);
    } catch (SocketTimeoutException e) {
      return new Answer(Kind.TIMEOUT, -1, e);
    } catch (SSLException e) {
      return new Answer(Kind.TLS_FAILURE, -1, e);
    } catch (SocketException | EOFException e) {
      return new Answer(Kind.CLOSED, -1, e);
    } catch (IOException e) {
      return new Answer(Kind.OTHER, -1, e);
    }
  }

  /** CONNECT, MQTT 3.1.1, clean session, keep-alive 10 s, no user name, no will. */
  static byte[] connectPacket(String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    int remaining = 10 + 2 + id.length;
    byte[] packet = new byte[2 + remaining];
    int i = 0;
    packet[i++] = 0x10;
    packet[i++] = (byte) remaining; // client ids here are short: one length byte suffices
    packet[i++] = 0;
    packet[i++] = 4;
    for (byte b : "MQTT".getBytes(StandardCharsets.US_ASCII)) {
      packet[i++] = b;
    }
    packet[i++] = 4; // protocol level 3.1.1
    packet[i++] = 0x02; // clean session
    packet[i++] = 0;
    packet[i++] = 10; // keep-alive
    packet[i++] = (byte) (id.length >> 8);
    packet[i++] = (byte) id.length;
    System.arraycopy(id, 0, packet, i, id.length);
    return packet;
  }
}
