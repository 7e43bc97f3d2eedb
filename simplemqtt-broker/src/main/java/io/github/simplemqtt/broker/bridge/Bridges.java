package io.github.simplemqtt.broker.bridge;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.acl.AccessControlList;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.config.MosquittoConfFile;
import io.github.simplemqtt.broker.config.MosquittoConfFile.Option;
import io.github.simplemqtt.broker.internal.AtomicFiles;
import io.github.simplemqtt.broker.internal.DirectoryLock;
import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.broker.pki.PkiOptions;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.LocalBroker;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The bridges of one broker directory (the edge) to other kit brokers (a central one), and the
 * bundle a central issues for a bridge.
 *
 * <p>Each bridge is a {@code connection} section at the end of the edge's mosquitto.conf and a
 * folder {@code bridges/NAME/} holding its certificate ({@code client.crt}), its key ({@code
 * client.key}, 0600) and the central's CA certificates ({@code chain.crt}). The bridge connects
 * with mutual TLS, its certificate's CN (its <em>identity</em>) is its user name on the central,
 * and the central's ACL grants that identity only its topics. It keeps a persistent session ({@code
 * cleansession false}) and the edge queues what it cannot deliver, within the edge's {@link
 * #queueLimit() queue limit}, in its persistent database, so a central outage loses nothing up to
 * that limit, across a restart of the edge too.
 *
 * <p>MQTT 5 when every topic goes out; MQTT 3.1.1 as soon as one comes in, because mosquitto 2.0's
 * MQTT 5 bridge sends no session expiry interval: the central ends its session at each disconnect
 * and drops what was published for it meanwhile (measured on 2.0.11; 3.1.1 keeps it).
 *
 * <p>Mosquitto reads bridges only when it starts: adding or removing one restarts the directory's
 * local broker when it runs ({@link Change#restarted()}); a broker run by systemd or Docker must be
 * restarted there. Not thread-safe; changes hold the directory's lock.
 */
public final class Bridges {
  /** The folder of the broker directory holding one folder per bridge. */
  public static final String FOLDER = "bridges";

  /** The file of a bundle from {@link #issueBundle} naming the identity and the topics. */
  public static final String BUNDLE_FILE = "bridge.properties";

  private static final String CHAIN = "chain.crt";
  private static final String CERT = "client.crt";
  private static final String KEY = "client.key";

  private final BrokerDirectory edge;

  private Bridges(BrokerDirectory edge) {
    this.edge = edge;
  }

  /** The bridges of {@code edge}. */
  public static Bridges of(BrokerDirectory edge) {
    return new Bridges(Objects.requireNonNull(edge, "edge"));
  }

  /**
   * What happened to a bridge.
   *
   * @param bridge the bridge added, or removed
   * @param restarted whether the directory's local broker was running and was restarted so that
   *     mosquitto reads the change; false means it takes effect at its next start
   */
  public record Change(Bridge bridge, boolean restarted) {
    /** Checks the bridge is there. */
    public Change {
      Objects.requireNonNull(bridge, "bridge");
    }
  }

  /**
   * How much the broker keeps for each client, a bridge included, while it cannot deliver: beyond
   * it mosquitto drops QoS 1/2 messages silently (its log says "Outgoing messages are being
   * dropped").
   *
   * @param messages {@code max_queued_messages}, 0 for no limit
   * @param bytes {@code max_queued_bytes}, 0 for no limit
   */
  public record QueueLimit(long messages, long bytes) {
    /** "10000 messages or 16 MiB", or "no limit". */
    @Override
    public String toString() {
      String count = messages == 0 ? "any number of messages" : messages + " messages";
      String size =
          bytes == 0
              ? ""
              : bytes % (1024 * 1024) == 0
                  ? " or " + bytes / (1024 * 1024) + " MiB"
                  : " or " + bytes + " bytes";
      return messages == 0 && bytes == 0 ? "no limit" : count + size;
    }
  }

  /**
   * A bridge's bundle, written by {@link #issueBundle} on the central.
   *
   * @param directory the folder: chain.crt, client.crt, client.key (0600), bridge.properties
   * @param identity the certificate's CN, the bridge's user name on the central
   * @param topics the topics the central's ACL grants it
   * @param certificate the issued certificate and its files
   */
  public record Bundle(
      Path directory, String identity, List<BridgeTopic> topics, ClientBundle certificate) {
    /** Copies the topics. */
    public Bundle {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(identity, "identity");
      topics = List.copyOf(topics);
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /** The bridges the directory's mosquitto.conf declares, in file order. */
  public List<Bridge> list() {
    MosquittoConfFile conf = edge.mosquittoConf();
    List<Bridge> bridges = new ArrayList<>();
    for (String name : conf.connections()) {
      Bridge.read(conf, name, edge.path()).ifPresent(bridges::add);
    }
    return List.copyOf(bridges);
  }

  /** The bridge {@code name}, if the directory declares it. */
  public Optional<Bridge> get(String name) {
    return list().stream().filter(b -> b.name().equals(name)).findFirst();
  }

  /** The edge's queue limit per client, the bridges' too: mosquitto's 1000 when not set. */
  public QueueLimit queueLimit() {
    MosquittoConfFile conf = edge.mosquittoConf();
    return new QueueLimit(
        number(conf.value("max_queued_messages"), 1000), number(conf.value("max_queued_bytes"), 0));
  }

  private static long number(Optional<String> value, long fallback) {
    try {
      return value.map(Long::parseLong).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /**
   * Issues, on {@code central}, the certificate a bridge named {@code identity} presents there and
   * writes it with the central's CA certificates and the topics into {@code out} (for an edge on
   * another machine, which adds it with {@link #addFromBundle}), all files in one step: they are
   * staged in a folder beside {@code out} and moved into place together, so {@code out} appears
   * whole or, when a write fails, not at all; then grants {@code identity} exactly the remote side
   * of {@code topics} in the central's ACL (replacing rules it held) and reloads a running central.
   *
   * @param createAcl whether to create an ACL when the central has none; without one every user may
   *     use every topic, and with one every user may use only what it grants, so creating one shuts
   *     the central's other users out until they get rules of their own
   * @throws BridgeException when {@code topics} is empty, the central has no ACL and {@code
   *     createAcl} is false, or {@code identity} is a password user of the central; nothing is
   *     written then
   * @throws io.github.simplemqtt.broker.BrokerDirectoryException when {@code identity} already
   *     holds a valid certificate on the central
   */
  public static Bundle issueBundle(
      BrokerDirectory central,
      String identity,
      List<BridgeTopic> topics,
      Path out,
      boolean createAcl) {
    checkGrant(central, identity, topics, createAcl);
    // bridge.properties is staged with the certificate files and the folder moved into place
    // whole: a failure on the way leaves no bundle that `bridge add` would half accept.
    ClientBundle certificate =
        central.issueClient(
            identity,
            out,
            PkiOptions.DEFAULT_CERTIFICATE_DAYS,
            Map.of(BUNDLE_FILE, bundleFile(identity, topics)));
    grant(central, identity, topics);
    return new Bundle(out, identity, topics, certificate);
  }

  private static void checkGrant(
      BrokerDirectory central, String identity, List<BridgeTopic> topics, boolean createAcl) {
    if (topics.isEmpty()) {
      throw new BridgeException(
          BridgeException.Problem.NO_TOPIC,
          "Give at least one --topic, such as 'sensors/# out 1': the central's ACL grants the"
              + " bridge only those.");
    }
    if (!createAcl && !Files.exists(central.aclFile())) {
      throw new BridgeException(
          BridgeException.Problem.CENTRAL_HAS_NO_ACL,
          central.path()
              + " has no ACL, so every user may use every topic there; an ACL limiting the bridge"
              + " would deny every other user all it does not grant them. Pass --create-acl to"
              + " create it anyway, then give the other users rules in "
              + central.aclFile()
              + ".");
    }
    if (central.users().contains(identity)) {
      throw new BridgeException(
          BridgeException.Problem.IDENTITY_TAKEN,
          identity
              + " is a password user of "
              + central.path()
              + "; give the bridge a name of its own so that its ACL rules limit only the"
              + " bridge.");
    }
  }

  private static void grant(BrokerDirectory central, String identity, List<BridgeTopic> topics) {
    List<AclRule> rules = new ArrayList<>();
    for (AclRule rule : central.acl().rules()) {
      if (!(rule.scope() == AclRule.Scope.USER && identity.equals(rule.user()))) {
        rules.add(rule);
      }
    }
    for (BridgeTopic topic : topics) {
      rules.add(AclRule.forUser(identity, topic.remoteAccess(), topic.remoteFilter()));
    }
    central.setAcl(AccessControlList.of(rules));
  }

  /**
   * Adds bridge {@code name} to {@code central}, a kit broker directory on this machine: issues its
   * certificate there (CN {@code name}) straight into this directory's {@code bridges/NAME/},
   * grants it {@code topics} in the central's ACL, declares it in this directory's mosquitto.conf
   * with the central's first host and TLS port, and restarts this directory's running local broker.
   *
   * @throws BridgeException as {@link #issueBundle}, or when this directory already has a bridge
   *     {@code name}; nothing is written then
   * @throws io.github.simplemqtt.broker.BrokerDirectoryException when {@code name} already holds a
   *     valid certificate on the central (a bridge removed from this directory keeps it until it is
   *     revoked there); nothing is written then either
   */
  public Change addTo(
      String name, BrokerDirectory central, List<BridgeTopic> topics, boolean createAcl) {
    MosquittoConfFile.checkConnectionName(name);
    refuseExisting(name);
    if (central.settings().tlsPort() == 0) {
      throw new BridgeException(
          BridgeException.Problem.BAD_BUNDLE,
          central.path()
              + " has no TLS listener, and a bridge connects with mutual TLS; make the central"
              + " with a --tls-port.");
    }
    checkGrant(central, name, topics, createAcl);
    Path folder = edge.path().resolve(FOLDER).resolve(name);
    // Not bridges/ first: the central refuses a name that holds a valid certificate only here,
    // and the refusal must leave the edge as it was. The PKI makes the folders it writes into.
    central.issueClient(name, folder, PkiOptions.DEFAULT_CERTIFICATE_DAYS);
    grant(central, name, topics);
    String host = central.settings().hosts().get(0);
    return declare(name, host, central.settings().tlsPort(), name, topics);
  }

  /**
   * Adds bridge {@code name} to the central at {@code host:port} with a bundle that central issued
   * ({@link #issueBundle}): copies its files into {@code bridges/NAME/} (the key 0600), declares
   * the bridge with the bundle's identity and restarts this directory's running local broker.
   *
   * @param topics the topics to bridge; empty for all of the bundle's; each must be one of them,
   *     since the central's ACL grants the bundle's identity only those
   * @throws BridgeException when the bundle is incomplete, a topic is not the bundle's, or this
   *     directory already has a bridge {@code name}; nothing is written then
   */
  public Change addFromBundle(
      String name, String host, int port, Path bundle, List<BridgeTopic> topics) {
    MosquittoConfFile.checkConnectionName(name);
    refuseExisting(name);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "The central's port must be 1 to 65535, not " + port + ".");
    }
    Properties properties = readBundleFile(bundle);
    String identity = properties.getProperty("identity", "");
    List<BridgeTopic> granted = new ArrayList<>();
    for (int i = 1; properties.containsKey("topic." + i); i++) {
      granted.add(BridgeTopic.parse(properties.getProperty("topic." + i)));
    }
    if (identity.isEmpty() || granted.isEmpty()) {
      throw badBundle(bundle, BUNDLE_FILE + " names no identity or no topic");
    }
    for (BridgeTopic topic : topics) {
      if (!granted.contains(topic)) {
        throw new BridgeException(
            BridgeException.Problem.TOPIC_NOT_GRANTED,
            "The central's ACL grants "
                + identity
                + " only "
                + granted.stream().map(t -> "'" + t + "'").toList()
                + ", not '"
                + topic
                + "'; issue a new bundle there with that --topic.");
      }
    }
    String chain = read(bundle, CHAIN);
    String cert = read(bundle, CERT);
    String key = read(bundle, KEY);
    Path folder = edge.path().resolve(FOLDER).resolve(name);
    DirectoryLock.withLock(
        edge.path(),
        () -> {
          createFolder();
          try {
            AtomicFiles.createDirectories(folder);
          } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + folder, e);
          }
          AtomicFiles.writePublic(folder.resolve(CHAIN), chain);
          AtomicFiles.writePublic(folder.resolve(CERT), cert);
          AtomicFiles.writePrivate(folder.resolve(KEY), key);
        });
    return declare(name, host, port, identity, topics.isEmpty() ? granted : topics);
  }

  /**
   * Removes bridge {@code name}: its section of mosquitto.conf and its folder, then restarts the
   * running local broker. The central still admits its certificate until it is revoked there.
   *
   * @throws BridgeException when there is no such bridge
   */
  public Change remove(String name) {
    Bridge bridge =
        get(name)
            .orElseThrow(
                () ->
                    new BridgeException(
                        BridgeException.Problem.NO_SUCH_BRIDGE,
                        "There is no bridge '"
                            + name
                            + "' in "
                            + edge.path()
                            + "; `simplemqtt bridge list` shows them."));
    DirectoryLock.withLock(
        edge.path(),
        () -> {
          AtomicFiles.writePublic(edge.configFile(), rawConf().withoutConnection(name).text());
          AtomicFiles.deleteTree(edge.path().resolve(FOLDER).resolve(name));
        });
    return new Change(bridge, restartIfRunning());
  }

  private void refuseExisting(String name) {
    if (edge.mosquittoConf().connections().contains(name)) {
      throw new BridgeException(
          BridgeException.Problem.BRIDGE_EXISTS,
          edge.path()
              + " already has a bridge '"
              + name
              + "'; remove it first (`simplemqtt bridge remove "
              + name
              + "`) or choose another name.");
    }
  }

  private Change declare(
      String name, String host, int port, String identity, List<BridgeTopic> topics) {
    String folder = FOLDER + "/" + name + "/";
    boolean allOut = topics.stream().allMatch(t -> t.direction() == BridgeTopic.Direction.OUT);
    String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    List<Option> options = new ArrayList<>();
    options.add(new Option("address", address));
    topics.forEach(t -> options.add(new Option("topic", t.toString())));
    options.add(new Option("bridge_cafile", folder + CHAIN));
    options.add(new Option("bridge_certfile", folder + CERT));
    options.add(new Option("bridge_keyfile", folder + KEY));
    options.add(new Option("bridge_protocol_version", allOut ? "mqttv50" : "mqttv311"));
    options.add(new Option("cleansession", "false"));
    options.add(new Option("local_clientid", "bridge-" + name));
    options.add(new Option("remote_clientid", identity));
    options.add(new Option("notifications", "true"));
    options.add(new Option("notifications_local_only", "true"));
    options.add(new Option("notification_topic", "$SYS/broker/connection/" + name + "/state"));
    options.add(new Option("restart_timeout", "2 10"));
    List<String> comments =
        List.of(
            "Bridge to " + address + " as " + identity + ", written by `simplemqtt bridge add`.",
            "Mosquitto reads it only when it starts. MQTT "
                + (allOut
                    ? "5: every topic goes out."
                    : "3.1.1: with MQTT 5 mosquitto 2.0 loses what the central queues for it.")
                + " Messages the central cannot take",
            "wait here within max_queued_messages, saved in data/ (persistence).");
    DirectoryLock.withLock(
        edge.path(),
        () ->
            AtomicFiles.writePublic(
                edge.configFile(), rawConf().withConnection(name, comments, options).text()));
    Bridge bridge =
        Bridge.read(edge.mosquittoConf(), name, edge.path())
            .orElseThrow(() -> new IllegalStateException("bridge " + name + " was not written"));
    return new Change(bridge, restartIfRunning());
  }

  /** mosquitto.conf itself, include_dir not followed: the file the kit edits. */
  private MosquittoConfFile rawConf() {
    try {
      return MosquittoConfFile.parse(Files.readString(edge.configFile(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + edge.configFile(), e);
    }
  }

  private void createFolder() {
    try {
      AtomicFiles.createDirectories(edge.path().resolve(FOLDER));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + edge.path().resolve(FOLDER), e);
    }
  }

  private boolean restartIfRunning() {
    LocalBroker broker = edge.broker();
    if (broker.status().state() != BrokerStatus.State.RUNNING) {
      return false;
    }
    broker.restart();
    return true;
  }

  private static String bundleFile(String identity, List<BridgeTopic> topics) {
    Properties properties = new Properties();
    properties.setProperty("identity", identity);
    for (int i = 0; i < topics.size(); i++) {
      properties.setProperty("topic." + (i + 1), topics.get(i).toString());
    }
    StringWriter text = new StringWriter();
    try {
      properties.store(text, "A bridge's bundle, written by `simplemqtt cert bridge`.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static Properties readBundleFile(Path bundle) {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(bundle.resolve(BUNDLE_FILE), StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw badBundle(bundle, BUNDLE_FILE + " cannot be read");
    }
    return properties;
  }

  private static String read(Path bundle, String file) {
    try {
      return Files.readString(bundle.resolve(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw badBundle(bundle, file + " cannot be read");
    }
  }

  private static BridgeException badBundle(Path bundle, String what) {
    return new BridgeException(
        BridgeException.Problem.BAD_BUNDLE,
        bundle
            + " is not a whole bridge bundle ("
            + what
            + "); make one on the central with `simplemqtt cert bridge NAME --dir CENTRAL --out"
            + " DIR --topic ...` and copy the whole folder.");
  }
}
