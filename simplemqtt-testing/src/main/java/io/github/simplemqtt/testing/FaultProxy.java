package io.github.simplemqtt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small TCP proxy that sits between a client and a broker and injects network faults, for tests
 * of what a client does when the network misbehaves. Clients dial {@link #host()}:{@link #port()};
 * the proxy forwards every connection to the target and can then:
 *
 * <ul>
 *   <li>{@link #resetAll()}: reset every open connection at once (TCP RST on both sides), as a
 *       router reboot or a NAT table flush would;
 *   <li>{@link #refuseNewConnections(boolean)} / {@link #refuseNewFor(Duration)}: reset each new
 *       connection as soon as it arrives, so reconnect attempts fail quickly;
 *   <li>{@link #freeze()} / {@link #thaw()}: a silent partition. No byte, close or new upstream
 *       connection crosses the proxy while frozen, and nothing is reset, so only keep-alive can
 *       tell; on thaw everything held moves on;
 *   <li>{@link #blackHole(boolean)}: accept new connections and never answer them, as a firewall
 *       that drops traffic or a hung server would.
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
 *     MqttClient client = MqttClient.builder().broker(proxy.host(), proxy.port()).build()) {
 *   client.connect();
 *   proxy.refuseNewFor(Duration.ofSeconds(5));
 *   proxy.resetAll();
 *   // ... the client reconnects once the proxy accepts again
 * }
 * }</pre>
 *
 * <p>It listens on {@code 127.0.0.1} on a free port. Each connection uses two daemon threads
 * (blocking sockets), which suits the tens of connections a test makes. Thread-safe; {@link
 * #close()} closes every connection and stops all its threads.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final AtomicInteger PROXIES = new AtomicInteger();

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final String name;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Socket> blackHoled = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Object gate = new Object();

  private volatile boolean closed;
  private volatile boolean frozen;
  private volatile boolean refusing;
  private volatile long refuseUntilNanos;
  private volatile boolean blackHole;

  private FaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.name = "fault-proxy-" + PROXIES.incrementAndGet();
    Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy to {@code targetHost:targetPort}, listening on a free loopback port.
   *
   * @throws UncheckedIOException when no loopback port can be bound
   */
  public static FaultProxy start(String targetHost, int targetPort) {
    try {
      return new FaultProxy(new InetSocketAddress(targetHost, targetPort));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a listening port for the fault proxy", e);
    }
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** The port clients dial. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted since the start, including refused and black-holed ones. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Connections currently forwarded to the target. */
  public int openConnections() {
    return links.size();
  }

  /** Resets every forwarded and black-holed connection, with a TCP RST on each side. */
  public void resetAll() {
    for (Link link : List.copyOf(links)) {
      link.close(true);
    }
    for (Socket socket : List.copyOf(blackHoled)) {
      reset(socket);
      blackHoled.remove(socket);
    }
    LOG.debug("{}: reset all connections", name);
  }

  /** While on, each new connection is reset as soon as it is accepted; open ones carry on. */
  public void refuseNewConnections(boolean refuse) {
    this.refusing = refuse;
    if (!refuse) {
      refuseUntilNanos = 0;
    }
  }

  /** Resets each new connection for {@code duration} from now; then accepts again by itself. */
  public void refuseNewFor(Duration duration) {
    refuseUntilNanos = System.nanoTime() + duration.toNanos();
  }

  /**
   * Starts a silent partition: bytes, closes and new upstream connections are held, nothing is
   * reset. Clients can still open TCP connections to the proxy (its kernel accepts them), but they
   * get no answer until {@link #thaw()}.
   */
  public void freeze() {
    frozen = true;
    LOG.debug("{}: frozen", name);
  }

  /** Ends a partition started by {@link #freeze()}; everything held is delivered. */
  public void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
    LOG.debug("{}: thawed", name);
  }

  /**
   * While on, new connections are accepted and then ignored: nothing is forwarded, nothing is
   * answered, and they stay open until the client gives up, {@link #resetAll()} or {@link
   * #close()}.
   */
  public void blackHole(boolean on) {
    this.blackHole = on;
  }

  /** Closes the listening port and every connection, and stops the proxy's threads. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the listener failed", name, e);
    }
    thaw();
    resetAll();
  }

  @Override
  public String toString() {
    return "FaultProxy[" + host() + ":" + port() + " -> " + target + "]";
  }

  private boolean isRefusing() {
    return refusing || System.nanoTime() - refuseUntilNanos < 0;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("{}: accept failed; the proxy stops", name, e);
        }
        return;
      }
      accepted.incrementAndGet();
      if (isRefusing()) {
        reset(client);
      } else if (blackHole) {
        blackHoled.add(client);
        daemon(() -> swallow(client), "black-hole");
      } else {
        daemon(() -> open(client), "connect");
      }
    }
  }

  /** Reads and discards what a black-holed client sends, so its writes never block. */
  private void swallow(Socket client) {
    byte[] buffer = new byte[4096];
    try (InputStream in = client.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // reset or closed: nothing to do
    } finally {
      blackHoled.remove(client);
      closeQuietly(client);
    }
  }

  private void open(Socket client) {
    awaitThaw(null);
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(target, 10_000);
    } catch (IOException e) {
      LOG.debug("{}: could not reach {}: {}", name, target, e.getMessage());
      reset(client);
      closeQuietly(upstream);
      return;
    }
    Link link = new Link(client, upstream);
    links.add(link);
    if (closed) {
      link.close(true);
      return;
    }
    daemon(() -> link.pump(client, upstream), "up");
    link.pump(upstream, client);
  }

  /** Waits while the proxy is frozen; returns early when {@code link} is closed meanwhile. */
  private void awaitThaw(@Nullable Link link) {
    synchronized (gate) {
      while (frozen && !closed && (link == null || !link.closed)) {
        try {
          gate.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void daemon(Runnable task, String role) {
    Thread thread = new Thread(task, name + "-" + role);
    thread.setDaemon(true);
    thread.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close() then sends RST instead of FIN
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  /** One forwarded connection: the client's socket and ours to the target. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean closed;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitThaw(this);
          if (closed) {
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
        // An orderly close crosses a partition only once it ends, like the bytes before it.
        awaitThaw(this);
        close(false);
      } catch (IOException e) {
        // A reset on one side becomes a reset on the other, once any partition ends.
        awaitThaw(this);
        close(true);
      }
    }

    void close(boolean withReset) {
      if (closed) {
        return;
      }
      closed = true;
      links.remove(this);
      if (withReset) {
        reset(client);
        reset(upstream);
      } else {
        closeQuietly(client);
        closeQuietly(upstream);
      }
      synchronized (gate) {
        gate.notifyAll();
      }
    }
  }
}
