package io.github.simplemqtt.broker;

import io.github.simplemqtt.broker.pki.KeyType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * What a broker directory was made for: the names and addresses clients dial, the listener ports,
 * the key type and whether the plain listener admits anonymous clients. The kit records these in
 * {@code config/simplemqtt.properties} so later commands (re-issuing the server certificate, {@code
 * pub --dir}) know them.
 *
 * @param hosts names and IP addresses the server certificate must cover (besides {@code localhost}
 *     and {@code 127.0.0.1}, which it always covers)
 * @param port the plain MQTT listener's port, or 0 for none
 * @param tlsPort the mutual-TLS listener's port, or 0 for none
 * @param keyType EC (P-256, the default) or RSA
 * @param anonymous whether the plain listener admits clients without a password
 * @param bindAddress the address listeners bind to, or null for every interface
 * @param saveOnEveryChange persist the broker's state after every change instead of every 5 min
 * @param maxPacketSize the largest MQTT packet the broker accepts, in bytes, or null for no limit
 */
public record BrokerSettings(
    List<String> hosts,
    int port,
    int tlsPort,
    KeyType keyType,
    boolean anonymous,
    String bindAddress,
    boolean saveOnEveryChange,
    Integer maxPacketSize) {

  /** Validates the values. */
  public BrokerSettings {
    hosts = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(hosts, "hosts")));
    for (String host : hosts) {
      if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == ',')) {
        throw new IllegalArgumentException(
            "Host '" + host + "' is not a valid name or IP address.");
      }
    }
    checkPort("port", port);
    checkPort("TLS port", tlsPort);
    if (port == 0 && tlsPort == 0) {
      throw new IllegalArgumentException(
          "A broker needs at least one listener: set a port or a TLS port.");
    }
    if (port != 0 && port == tlsPort) {
      throw new IllegalArgumentException(
          "The plain and TLS listeners cannot share port " + port + "; choose two ports.");
    }
    Objects.requireNonNull(keyType, "keyType");
    if (maxPacketSize != null && maxPacketSize < 20) {
      throw new IllegalArgumentException("Maximum packet size must be at least 20 bytes.");
    }
  }

  /** The defaults: ports 1883 and 8883, EC keys, password authentication, every interface. */
  public static BrokerSettings defaults(List<String> hosts) {
    return new BrokerSettings(hosts, 1883, 8883, KeyType.EC, false, null, false, null);
  }

  /** A copy with other ports. */
  public BrokerSettings withPorts(int port, int tlsPort) {
    return new BrokerSettings(
        hosts, port, tlsPort, keyType, anonymous, bindAddress, saveOnEveryChange, maxPacketSize);
  }

  /** A copy with another host list. */
  public BrokerSettings withHosts(List<String> hosts) {
    return new BrokerSettings(
        hosts, port, tlsPort, keyType, anonymous, bindAddress, saveOnEveryChange, maxPacketSize);
  }

  Properties toProperties() {
    Properties properties = new Properties();
    properties.setProperty("hosts", String.join(",", hosts));
    properties.setProperty("port", Integer.toString(port));
    properties.setProperty("tlsPort", Integer.toString(tlsPort));
    properties.setProperty("keyType", keyType.name());
    properties.setProperty("anonymous", Boolean.toString(anonymous));
    if (bindAddress != null) {
      properties.setProperty("bindAddress", bindAddress);
    }
    properties.setProperty("saveOnEveryChange", Boolean.toString(saveOnEveryChange));
    if (maxPacketSize != null) {
      properties.setProperty("maxPacketSize", maxPacketSize.toString());
    }
    return properties;
  }

  static BrokerSettings fromProperties(Properties p) {
    List<String> hosts = new ArrayList<>();
    for (String host : p.getProperty("hosts", "").split(",")) {
      if (!host.isBlank()) {
        hosts.add(host.trim());
      }
    }
    String maxPacket = p.getProperty("maxPacketSize");
    return new BrokerSettings(
        hosts,
        Integer.parseInt(p.getProperty("port", "0")),
        Integer.parseInt(p.getProperty("tlsPort", "0")),
        KeyType.valueOf(p.getProperty("keyType", "EC")),
        Boolean.parseBoolean(p.getProperty("anonymous", "false")),
        p.getProperty("bindAddress"),
        Boolean.parseBoolean(p.getProperty("saveOnEveryChange", "false")),
        maxPacket == null ? null : Integer.valueOf(maxPacket));
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "The " + what + " must be 1 to 65535 (or 0 for none), not " + port + ".");
    }
  }
}
