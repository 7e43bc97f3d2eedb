package io.github.simplemqtt.broker.bridge;

import io.github.simplemqtt.broker.config.MosquittoConfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One bridge as a broker directory's mosquitto.conf declares it.
 *
 * @param name the {@code connection} name
 * @param host the remote broker's host, as the {@code address} line writes it
 * @param port the remote broker's TLS port
 * @param identity the bridge's client id on the remote broker, which is also its certificate's CN
 *     and so its user name there ({@code remote_clientid})
 * @param topics its {@code topic} lines
 * @param mqttVersion {@code 5} or {@code 3.1.1}
 * @param caFile the remote CA's certificates ({@code bridge_cafile}), absolute
 * @param certificateFile the bridge's certificate ({@code bridge_certfile}), absolute
 * @param keyFile the bridge's private key ({@code bridge_keyfile}), absolute
 * @param stateTopic where the local broker keeps the bridge's state, retained: {@code 1} connected,
 *     {@code 0} not
 */
public record Bridge(
    String name,
    String host,
    int port,
    String identity,
    List<BridgeTopic> topics,
    String mqttVersion,
    Path caFile,
    Path certificateFile,
    Path keyFile,
    String stateTopic) {

  /** Copies the topics; checks that nothing is null. */
  public Bridge {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(identity, "identity");
    topics = List.copyOf(topics);
    Objects.requireNonNull(mqttVersion, "mqttVersion");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(certificateFile, "certificateFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(stateTopic, "stateTopic");
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The bridge {@code name} of {@code conf}, with files resolved against {@code brokerDir}; empty
   * when there is none, or when its section lacks what a bridge needs (an address and a topic).
   */
  static Optional<Bridge> read(MosquittoConfFile conf, String name, Path brokerDir) {
    List<MosquittoConfFile.Option> options = conf.connection(name);
    String address = null;
    String identity = null;
    String version = "mqttv311";
    String ca = null;
    String cert = null;
    String key = null;
    String state = null;
    List<BridgeTopic> topics = new ArrayList<>();
    for (MosquittoConfFile.Option option : options) {
      switch (option.name()) {
        case "address", "addresses" -> address = address == null ? option.value() : address;
        case "remote_clientid" -> identity = option.value();
        case "bridge_protocol_version" -> version = option.value();
        case "bridge_cafile" -> ca = option.value();
        case "bridge_certfile" -> cert = option.value();
        case "bridge_keyfile" -> key = option.value();
        case "notification_topic" -> state = option.value();
        case "topic" -> {
          try {
            topics.add(BridgeTopic.parse(option.value()));
          } catch (IllegalArgumentException e) {
            // Not one the kit wrote; list shows the others.
          }
        }
        default -> {
          // Other bridge options are mosquitto's business.
        }
      }
    }
    if (address == null || topics.isEmpty()) {
      return Optional.empty();
    }
    String first = address.strip().split("\\s+")[0];
    int colon = first.lastIndexOf(':');
    String host = first;
    int port = 1883;
    if (colon > 0 && first.substring(colon + 1).matches("\\d{1,5}")) {
      host = first.substring(0, colon);
      port = Integer.parseInt(first.substring(colon + 1));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return Optional.of(
        new Bridge(
            name,
            host,
            port,
            identity == null ? "" : identity,
            topics,
            version.equals("mqttv50") ? "5" : "3.1.1",
            resolve(brokerDir, ca),
            resolve(brokerDir, cert),
            resolve(brokerDir, key),
            state == null
                ? "$SYS/broker/connection/" + (identity == null ? name : identity) + "/state"
                : state));
  }

  private static Path resolve(Path brokerDir, @Nullable String file) {
    return file == null ? brokerDir : brokerDir.resolve(file).normalize();
  }
}
