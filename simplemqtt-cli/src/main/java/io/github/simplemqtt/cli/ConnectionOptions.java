package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.client.MQTTClient;
import io.github.simplemqtt.client.MqttVersion;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The connection flags of {@code pub}, {@code sub} and {@code doctor}, named as in
 * mosquitto_pub/mosquitto_sub, plus {@code --dir DIR --as NAME}. {@code -h} and {@code -V} mean
 * host and protocol version as there, so help and version are only {@code --help} and {@code
 * --version}.
 */
public final class ConnectionOptions {

  /**
   * Where and how to connect, as the flags say, checked and with the defaults filled in.
   *
   * @param chainFile the CA certificates to trust, or null for plain MQTT
   * @param certFile the client certificate, or null without one
   * @param keyFile the client's key, or null without a certificate
   * @param user the user name, or null
   * @param password the password, or null
   * @param brokerDir the broker directory as the user wrote it (for {@code --as}, its default), or
   *     null
   */
  public record Endpoint(
      String host,
      int port,
      Path chainFile,
      Path certFile,
      Path keyFile,
      String user,
      char[] password,
      MqttVersion version,
      Path brokerDir) {}

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "-h", paramLabel = "HOST", description = "Broker host (default: localhost).")
  String host;

  @Option(
      names = "-p",
      paramLabel = "PORT",
      description = "Broker port (default: 1883, 8883 with --cafile).")
  Integer port;

  @Option(names = "-i", paramLabel = "ID", description = "Client id (default: a random one).")
  String clientId;

  @Option(names = "-u", paramLabel = "USER", description = "User name.")
  String user;

  @Option(names = "-P", paramLabel = "PASSWORD", description = "Password.")
  String password;

  @Option(names = "--cafile", paramLabel = "FILE", description = "CA certificates to trust (PEM).")
  Path cafile;

  @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM).")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM).")
  Path key;

  @Option(
      names = "-V",
      paramLabel = "5|311",
      defaultValue = "5",
      description = "MQTT version: 5 or 311 (default: ${DEFAULT-VALUE}).")
  String protocolVersion;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Broker directory for --as (default: ./mosquitto).")
  Path dir;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "Connect with mutual TLS as client NAME of --dir: its host, TLS port and"
              + " clients/NAME/ certificate files.")
  String as;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  /**
   * True when any flag naming a broker, a client or credentials was given ({@code --dir} aside).
   */
  public boolean anyGiven() {
    return host != null
        || port != null
        || clientId != null
        || user != null
        || password != null
        || cafile != null
        || cert != null
        || key != null
        || as != null;
  }

  /** The {@code --dir} flag as given, or null. */
  public Path dir() {
    return dir;
  }

  /** The {@code -i} flag, or null for a random client id. */
  public String clientId() {
    return clientId;
  }

  /**
   * Checks the flags together and fills in the defaults (host, port, and for {@code --as} the files
   * of {@code DIR/clients/NAME/}).
   *
   * @throws ParameterException naming the flag that is wrong or missing
   */
  public Endpoint endpoint() {
    MqttVersion version = version();
    if (password != null && user == null) {
      throw usage("-P needs a user name: add -u USER.");
    }
    char[] secret = password == null ? null : password.toCharArray();
    if (as != null) {
      if (cafile != null || cert != null || key != null) {
        throw usage(
            "--as takes the certificate files from --dir; leave out --cafile/--cert/--key.");
      }
      Path given = dir == null ? Path.of("mosquitto") : dir;
      BrokerDirectory directory =
          BrokerDirectory.open(given, notice -> mixee.commandLine().getErr().println(notice));
      BrokerSettings settings = directory.settings();
      if (settings.tlsPort() == 0 && port == null) {
        throw usage(directory.path() + " has no TLS listener; pass -p PORT.");
      }
      Path clientDir = directory.clientDirectory(as);
      return new Endpoint(
          host != null ? host : defaultHost(settings),
          port != null ? port : settings.tlsPort(),
          clientDir.resolve("chain.crt"),
          clientDir.resolve("client.crt"),
          clientDir.resolve("client.key"),
          user,
          secret,
          version,
          given);
    }
    if ((cert == null) != (key == null)) {
      throw usage("--cert and --key go together.");
    }
    if (cert != null && cafile == null) {
      throw usage("--cert needs --cafile (the CA certificates to trust).");
    }
    return new Endpoint(
        host != null ? host : "localhost",
        port != null ? port : cafile != null ? 8883 : 1883,
        cafile,
        cert,
        key,
        user,
        secret,
        version,
        dir);
  }

  /** A client for {@code pub} and {@code sub}, built from {@link #endpoint()}. */
  MQTTClient client() {
    if (as == null && dir != null) {
      throw usage("--dir needs --as NAME (the client whose certificate to use).");
    }
    Endpoint endpoint = endpoint();
    MQTTClient.Builder builder =
        MQTTClient.builder()
            .mqttVersion(endpoint.version())
            .connectTimeout(Duration.ofSeconds(10))
            .broker(endpoint.host(), endpoint.port());
    if (clientId != null) {
      builder.clientId(clientId);
    }
    if (endpoint.user() != null) {
      builder.credentials(
          endpoint.user(), endpoint.password() == null ? new char[0] : endpoint.password());
    }
    if (endpoint.certFile() != null) {
      builder.tls(endpoint.chainFile(), endpoint.certFile(), endpoint.keyFile());
    } else if (endpoint.chainFile() != null) {
      builder.tls(endpoint.chainFile());
    }
    return builder.build();
  }

  static String defaultHost(BrokerSettings settings) {
    if ("127.0.0.1".equals(settings.bindAddress()) || settings.hosts().isEmpty()) {
      return "127.0.0.1";
    }
    return settings.hosts().get(0);
  }

  private MqttVersion version() {
    return switch (protocolVersion) {
      case "5", "mqttv5" -> MqttVersion.V5;
      case "311", "mqttv311" -> MqttVersion.V3_1_1;
      default -> throw usage("-V must be 5 or 311, not '" + protocolVersion + "'.");
    };
  }

  /** A usage error (exit code 2) on the command these flags belong to. */
  public ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
