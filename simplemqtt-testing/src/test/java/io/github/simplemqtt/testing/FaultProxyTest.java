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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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
  void closeStopsListening() throws IOException {
    int port = proxy.port();
    assertThat(listensHere(port)).as("this process listens on %d before close()", port).isTrue();

    proxy.close();

    // Asked of /proc rather than by dialling: the freed port may be taken at once by another
    // process (a broker of a test running beside this one answered there once), and a socket
    // dialling a free port may connect to itself.
    assertThat(listensHere(port)).as("this process listens on %d after close()", port).isFalse();
  }

  /** Whether a socket of this process listens on TCP {@code port}, IPv4 or IPv6, from /proc. */
  private static boolean listensHere(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring("socket:[".length(), link.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile: not a listener of ours
        }
      }
    }
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] fields = line.trim().split("\\s+");
        // fields: sl, local address:port (hex), remote, state (0A = LISTEN), ..., inode (10th)
        if (fields.length < 10 || !fields[3].equals("0A")) {
          continue;
        }
        String local = fields[1];
        int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
        if (localPort == port && inodes.contains(fields[9])) {
          return true;
        }
      }
    }
    return false;
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
