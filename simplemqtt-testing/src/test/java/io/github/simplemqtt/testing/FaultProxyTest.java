package io.github.simplemqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's faults against a tiny echo server: no broker needed. */
@Timeout(30)
class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void startEchoServerAndProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket socket = echo.accept();
                  Thread pump = new Thread(() -> echoBack(socket));
                  pump.setDaemon(true);
                  pump.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    try (Socket socket = dial()) {
      assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
      assertThat(proxy.openConnections()).isEqualTo(1);
    }
  }

  @Test
  void resetAllResetsOpenConnections() throws IOException {
    try (Socket socket = dial()) {
      roundTrip(socket, "x");
      proxy.resetAll();
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void refusesNewConnectionsForAWhileThenAcceptsAgain() throws IOException {
    proxy.refuseNewFor(Duration.ofMillis(700));
    try (Socket refused = dial()) {
      assertThatThrownBy(() -> roundTrip(refused, "x")).isInstanceOf(IOException.class);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String answer = null;
    while (answer == null && System.nanoTime() < deadline) {
      try (Socket socket = dial()) {
        answer = roundTrip(socket, "back");
      } catch (IOException stillRefused) {
        // try again: the refusal lasts 700 ms
      }
    }
    assertThat(answer).isEqualTo("back");
  }

  @Test
  void freezeHoldsBytesUntilThaw() throws IOException {
    try (Socket socket = dial()) {
      roundTrip(socket, "before");
      proxy.freeze();
      socket.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(500);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      proxy.thaw();
      socket.setSoTimeout(5_000);
      assertThat(read(socket, 4)).isEqualTo("held");
    }
  }

  @Test
  void blackHoleAcceptsAndNeverAnswers() throws IOException {
    proxy.blackHole(true);
    try (Socket socket = dial()) {
      socket.getOutputStream().write(1);
      socket.setSoTimeout(500);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.openConnections()).isZero();
    }
  }

  @Test
  void closeStopsListening() {
    int port = proxy.port();
    proxy.close();
    // Linux may pick the freed port as the dialling socket's own, and a TCP socket dialling itself
    // connects (it failed CI once): that too proves nobody listens there, as a listener would hold
    // the port. Anything else that answers is a listener.
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket("127.0.0.1", port)) {
                if (socket.getLocalPort() == port) {
                  throw new IOException("connected to itself: nobody listens on " + port);
                }
              }
            })
        .isInstanceOf(IOException.class);
  }

  private Socket dial() throws IOException {
    Socket socket = new Socket(proxy.host(), proxy.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    return read(socket, text.length());
  }

  private static String read(Socket socket, int length) throws IOException {
    byte[] bytes = socket.getInputStream().readNBytes(length);
    if (bytes.length < length) {
      throw new IOException("connection closed after " + bytes.length + " bytes");
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static void echoBack(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the test closed or reset it
    }
  }
}
