package io.github.simplemqtt.broker;

import io.github.simplemqtt.broker.pki.KeyType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What a broker directory was made for: the names and addresses clients dial, the listener ports,
 * the key type and whether the plain listener admits anonymous clients. The kit records these in
 * {@code config/simplemqtt.properties} so later commands (re-issuing the server certificate, {@code
 * pub --dir}) know them.
 *
 * <pre>{@code
 * BrokerSettings settings = BrokerSettings.builder()
 *     .hosts(List.of("192.168.1.103"))
 *     .tlsPort(8884)
 *     .build();
 * }</pre>
 *
 * <p>Immutable; build with {@link #builder()} (or {@link #defaults(List)}), change some settings of
 * one with {@link #toBuilder()}. Defaults are listed on {@link Builder}. Two settings with the same
 * values are equal.
 */
public final class BrokerSettings {

  /** Default {@link #port()}: the standard MQTT port. */
  public static final int DEFAULT_PORT = 1883;

  /** Default {@link #tlsPort()}: the standard MQTT-over-TLS port. */
  public static final int DEFAULT_TLS_PORT = 8883;

  private final List<String> hosts;
  private final int port;
  private final int tlsPort;
  private final KeyType keyType;
  private final boolean anonymous;
  private final @Nullable String bindAddress;
  private final boolean saveOnEveryChange;
  private final @Nullable Integer maxPacketSize;

  private BrokerSettings(Builder b) {
    hosts = b.hosts;
    port = b.port;
    tlsPort = b.tlsPort;
    keyType = b.keyType;
    anonymous = b.anonymous;
    bindAddress = b.bindAddress;
    saveOnEveryChange = b.saveOnEveryChange;
    maxPacketSize = b.maxPacketSize;
  }

  /** A builder with the defaults listed on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults for these hosts: ports {@value #DEFAULT_PORT} and {@value #DEFAULT_TLS_PORT}, EC
   * keys, password authentication, every interface; the same as {@code
   * builder().hosts(hosts).build()}.
   *
   * @throws IllegalArgumentException if a host is not a valid name or IP address
   */
  public static BrokerSettings defaults(List<String> hosts) {
    return builder().hosts(hosts).build();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The names and IP addresses the server certificate must cover (besides {@code localhost} and
   * {@code 127.0.0.1}, which it always covers), without duplicates, in the order given.
   */
  public List<String> hosts() {
    return hosts;
  }

  /** The plain MQTT listener's port, or 0 for none. */
  public int port() {
    return port;
  }

  /** The mutual-TLS listener's port, or 0 for none. */
  public int tlsPort() {
    return tlsPort;
  }

  /** EC (P-256, the default) or RSA. */
  public KeyType keyType() {
    return keyType;
  }

  /** Whether the plain listener admits clients without a password. */
  public boolean anonymous() {
    return anonymous;
  }

  /** The address listeners bind to, or null for every interface. */
  public @Nullable String bindAddress() {
    return bindAddress;
  }

  /** Whether the broker persists its state after every change instead of every 5 min. */
  public boolean saveOnEveryChange() {
    return saveOnEveryChange;
  }

  /** The largest MQTT packet the broker accepts, in bytes, or null for no limit. */
  public @Nullable Integer maxPacketSize() {
    return maxPacketSize;
  }

  /** Whether {@code other} holds the same settings. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof BrokerSettings s
        && hosts.equals(s.hosts)
        && port == s.port
        && tlsPort == s.tlsPort
        && keyType == s.keyType
        && anonymous == s.anonymous
        && Objects.equals(bindAddress, s.bindAddress)
        && saveOnEveryChange == s.saveOnEveryChange
        && Objects.equals(maxPacketSize, s.maxPacketSize);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        hosts, port, tlsPort, keyType, anonymous, bindAddress, saveOnEveryChange, maxPacketSize);
  }

  /** Every setting by name, as a record would show it. */
  @Override
  public String toString() {
    return "BrokerSettings[hosts="
        + hosts
        + ", port="
        + port
        + ", tlsPort="
        + tlsPort
        + ", keyType="
        + keyType
        + ", anonymous="
        + anonymous
        + ", bindAddress="
        + bindAddress
        + ", saveOnEveryChange="
        + saveOnEveryChange
        + ", maxPacketSize="
        + maxPacketSize
        + "]";
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
    return builder()
        .hosts(hosts)
        .port(Integer.parseInt(p.getProperty("port", "0")))
        .tlsPort(Integer.parseInt(p.getProperty("tlsPort", "0")))
        .keyType(KeyType.valueOf(p.getProperty("keyType", "EC")))
        .anonymous(Boolean.parseBoolean(p.getProperty("anonymous", "false")))
        .bindAddress(p.getProperty("bindAddress"))
        .saveOnEveryChange(Boolean.parseBoolean(p.getProperty("saveOnEveryChange", "false")))
        .maxPacketSize(maxPacket == null ? null : Integer.valueOf(maxPacket))
        .build();
  }

  /**
   * Builds {@link BrokerSettings}. Defaults: no hosts besides {@code localhost} and {@code
   * 127.0.0.1}; plain listener on {@value BrokerSettings#DEFAULT_PORT} and mutual-TLS listener on
   * {@value BrokerSettings#DEFAULT_TLS_PORT}, on every interface; EC keys; password authentication
   * on the plain listener; state saved every 5 minutes; no packet size limit.
   *
   * <p>Each setter checks its value at once, naming the setting and the bound; {@link #build()}
   * checks the ports together. Not thread-safe.
   */
  public static final class Builder {
    private List<String> hosts = List.of();
    private int port = DEFAULT_PORT;
    private int tlsPort = DEFAULT_TLS_PORT;
    private KeyType keyType = KeyType.EC;
    private boolean anonymous;
    private @Nullable String bindAddress;
    private boolean saveOnEveryChange;
    private @Nullable Integer maxPacketSize;

    private Builder() {}

    private Builder(BrokerSettings s) {
      hosts = s.hosts;
      port = s.port;
      tlsPort = s.tlsPort;
      keyType = s.keyType;
      anonymous = s.anonymous;
      bindAddress = s.bindAddress;
      saveOnEveryChange = s.saveOnEveryChange;
      maxPacketSize = s.maxPacketSize;
    }

    /**
     * The names and IP addresses clients dial, which the server certificate must cover; duplicates
     * are dropped. Default: none ({@code localhost} and {@code 127.0.0.1} are always covered).
     *
     * @throws IllegalArgumentException for a blank name or one with a blank, a control character or
     *     a comma
     */
    public Builder hosts(List<String> hosts) {
      List<String> unique =
          List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(hosts, "hosts")));
      for (String host : unique) {
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == ',')) {
          throw new IllegalArgumentException(
              "Host '" + host + "' is not a valid name or IP address.");
        }
      }
      this.hosts = unique;
      return this;
    }

    /**
     * The plain (password or anonymous) listener's port, 1 to 65535, or 0 for none; default {@value
     * BrokerSettings#DEFAULT_PORT}.
     */
    public Builder port(int port) {
      this.port = checkPort("port", port);
      return this;
    }

    /**
     * The mutual-TLS listener's port, 1 to 65535, or 0 for none; default {@value
     * BrokerSettings#DEFAULT_TLS_PORT}.
     */
    public Builder tlsPort(int tlsPort) {
      this.tlsPort = checkPort("TLS port", tlsPort);
      return this;
    }

    /** EC (P-256, the default: fast) or RSA (4096-bit CAs, 2048-bit server and clients). */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /** Whether the plain listener admits clients without a password; default false. */
    public Builder anonymous(boolean anonymous) {
      this.anonymous = anonymous;
      return this;
    }

    /** The address both listeners bind, such as {@code 127.0.0.1}; null (default) for every one. */
    public Builder bindAddress(@Nullable String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /**
     * Whether the broker persists its state after every change instead of every 5 minutes (for
     * tests that restart it; costly under load); default false.
     */
    public Builder saveOnEveryChange(boolean saveOnEveryChange) {
      this.saveOnEveryChange = saveOnEveryChange;
      return this;
    }

    /**
     * The largest MQTT packet the broker accepts, in bytes (20 or more), or null for no limit (the
     * default).
     */
    public Builder maxPacketSize(@Nullable Integer maxPacketSize) {
      if (maxPacketSize != null && maxPacketSize < 20) {
        throw new IllegalArgumentException("Maximum packet size must be at least 20 bytes.");
      }
      this.maxPacketSize = maxPacketSize;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException when both ports are 0, or both are the same port
     */
    public BrokerSettings build() {
      if (port == 0 && tlsPort == 0) {
        throw new IllegalArgumentException(
            "A broker needs at least one listener: set a port or a TLS port.");
      }
      if (port != 0 && port == tlsPort) {
        throw new IllegalArgumentException(
            "The plain and TLS listeners cannot share port " + port + "; choose two ports.");
      }
      return new BrokerSettings(this);
    }

    private static int checkPort(String what, int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException(
            "The " + what + " must be 1 to 65535 (or 0 for none), not " + port + ".");
      }
      return port;
    }
  }
}
