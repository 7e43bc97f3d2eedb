package io.github.simplemqtt.cli.doctor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Step 2: the host name resolves and something accepts a TCP connection on the port. */
final class NetworkCheck {
  private NetworkCheck() {}

  /**
   * @param socket unconnected; connected here and left open for the TLS step, so the broker sees
   *     one connection rather than a bare probe (which Mosquitto would log as an error)
   */
  static List<Finding> run(Target target, Socket socket) {
    List<Finding> findings = new ArrayList<>();
    String host = target.host();
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      findings.add(
          Finding.failed(
              Step.NETWORK,
              "cannot resolve " + host,
              "The name '" + host + "' does not resolve to an address (DNS or /etc/hosts).",
              "Check its spelling, or use the broker's IP address (-h 192.168.1.10)."));
      return findings;
    }
    if (!isIpLiteral(host)) {
      findings.add(
          Finding.passed(
              Step.NETWORK,
              host
                  + " resolves to "
                  + Arrays.stream(addresses)
                      .map(InetAddress::getHostAddress)
                      .collect(Collectors.joining(", "))));
    }
    InetAddress address = addresses[0];
    String where = target.endpoint();
    long started = System.nanoTime();
    try {
      socket.connect(new InetSocketAddress(address, target.port()), target.timeoutMillis());
      long millis = (System.nanoTime() - started) / 1_000_000;
      findings.add(
          Finding.passed(
              Step.NETWORK,
              "TCP connect to "
                  + address.getHostAddress()
                  + ":"
                  + target.port()
                  + " in "
                  + millis
                  + " ms"));
    } catch (ConnectException e) {
      if (!String.valueOf(e.getMessage()).contains("refused")) {
        findings.add(unreachable(where, target, e));
      } else {
        findings.add(
            Finding.failed(
                Step.NETWORK,
                "nothing listening on " + where,
                "Nothing is listening on "
                    + where
                    + " (the connection was refused): the broker is not running, or it listens"
                    + " on another port or address.",
                "Start the broker (`simplemqtt broker start --dir DIR`), or check -h and -p: the"
                    + " kit's broker listens on 1883 (plain) and 8883 (TLS) unless init chose"
                    + " other ports."));
      }
    } catch (SocketTimeoutException e) {
      findings.add(
          Finding.failed(
              Step.NETWORK,
              "no answer from " + where,
              "Nothing answered a TCP connect to "
                  + where
                  + " within "
                  + target.timeoutMillis() / 1000
                  + " s: the host is down or a firewall silently drops the packets (the port is"
                  + " filtered).",
              "Check that the broker's machine is up and reachable, and that its firewall lets"
                  + " port "
                  + target.port()
                  + " in (for example `sudo ufw allow "
                  + target.port()
                  + "/tcp`)."));
    } catch (IOException e) {
      findings.add(unreachable(where, target, e));
    }
    return findings;
  }

  private static Finding unreachable(String where, Target target, IOException e) {
    return Finding.failed(
        Step.NETWORK,
        "cannot reach " + where,
        "The TCP connect to "
            + where
            + " failed ("
            + e.getMessage()
            + "): there is no route to the host, or a firewall rejects the connection.",
        "Check the address and the network, and that the broker's firewall lets port "
            + target.port()
            + " in.");
  }

  /** A dotted IPv4 address or anything with a colon (IPv6): no name to resolve. */
  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") && host.chars().filter(c -> c == '.').count() == 3
        || host.contains(":");
  }
}
