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
 * The connection flags of {@code pub} and {@code sub}, named as in mosquitto_pub/mosquitto_sub,
 * plus {@code --dir DIR --as NAME}. {@code -h} and {@code -V} mean host and protocol version as
 * there, so help and version are only {@code --help} and {@code --version}.
 */
final class ConnectionOptions {

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

  MQTTClient client() {
    MQTTClient.Builder builder =
        MQTTClient.builder().mqttVersion(version()).connectTimeout(Duration.ofSeconds(10));
    if (clientId != null) {
      builder.clientId(clientId);
    }
    if (user != null) {
      builder.credentials(user, password == null ? new char[0] : password.toCharArray());
    } else if (password != null) {
      throw usage("-P needs a user name: add -u USER.");
    }
    if (as != null) {
      if (cafile != null || cert != null || key != null) {
        throw usage(
            "--as takes the certificate files from --dir; leave out --cafile/--cert/--key.");
      }
      BrokerDirectory directory = BrokerDirectory.open(dir == null ? Path.of("mosquitto") : dir);
      BrokerSettings settings = directory.settings();
      Path clientDir = directory.clientDirectory(as);
      builder.broker(
          host != null ? host : defaultHost(settings), port != null ? port : settings.tlsPort());
      builder.tls(
          clientDir.resolve("chain.crt"),
          clientDir.resolve("client.crt"),
          clientDir.resolve("client.key"));
      return builder.build();
    }
    if (dir != null) {
      throw usage("--dir needs --as NAME (the client whose certificate to use).");
    }
    if ((cert == null) != (key == null)) {
      throw usage("--cert and --key go together.");
    }
    if (cert != null && cafile == null) {
      throw usage("--cert needs --cafile (the CA certificates to trust).");
    }
    builder.broker(
        host != null ? host : "localhost", port != null ? port : cafile != null ? 8883 : 1883);
    if (cert != null) {
      builder.tls(cafile, cert, key);
    } else if (cafile != null) {
      builder.tls(cafile);
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

  private ParameterException usage(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }
}
