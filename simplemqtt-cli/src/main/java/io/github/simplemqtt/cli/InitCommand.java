package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.broker.pki.KeyType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simplemqtt init}: creates a broker directory. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Creates a broker directory: certificate authorities, server certificate, mosquitto.conf,"
            + " an empty password file, Docker Compose file and systemd unit.",
    footer = {"", "Example:", "  simplemqtt init ./mosquitto --host 192.168.1.10 --host pi.local"})
final class InitCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = "./mosquitto",
      description = "Where to create it (default: ${DEFAULT-VALUE}).")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  Path dir;

  @Option(
      names = "--host",
      required = true,
      paramLabel = "IP|NAME",
      description = "An address clients use to reach the broker; goes into the server certificate.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  List<String> hosts;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "1883",
      description = "Plain (password) listener port, 0 for none (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--tls-port",
      paramLabel = "PORT",
      defaultValue = "8883",
      description = "Mutual TLS listener port, 0 for none (default: ${DEFAULT-VALUE}).")
  int tlsPort;

  @Option(
      names = "--key-type",
      defaultValue = "EC",
      paramLabel = "ec|rsa",
      description = "Key type: ec (P-256, fast) or rsa (4096 bits) (default: ec).")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  KeyType keyType;

  @Option(
      names = "--anonymous",
      description = "Let clients on the plain listener connect without a password.")
  boolean anonymous;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Listen only on this address (default: every interface).")
  @Nullable String bindAddress;

  @Option(names = "--force", description = "Replace an existing directory (and its CA).")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BrokerSettings settings =
        BrokerSettings.builder()
            .hosts(hosts)
            .port(port)
            .tlsPort(tlsPort)
            .keyType(keyType)
            .anonymous(anonymous)
            .bindAddress(bindAddress)
            .build();
    // RSA 4096 keys take seconds each: say which one is being made.
    Consumer<String> progress =
        keyType == KeyType.RSA
            ? step -> {
              out.println("generating " + step + "...");
              out.flush();
            }
            : step -> {};
    BrokerDirectory created = BrokerDirectory.create(dir, settings, force, progress);
    Path path = created.path();
    out.println("Created broker directory " + path);
    out.println("  config/mosquitto.conf   listeners" + listeners(settings));
    out.println(
        "  config/.passwords       password file (empty"
            + (anonymous ? "; anonymous clients allowed)" : ")"));
    out.println("  certs/                  root CA, signing CA, server certificate for " + hosts);
    out.println("  certs/chain.crt         what clients trust");
    out.println("  ca/                     the CA keys, for the kit only (mode 700); back it up");
    out.println("  docker-compose.yml, systemd unit");
    out.println();
    out.println("Next steps:");
    String d = " --dir " + dir;
    out.println("  " + Main.commandName() + " user add alice" + d);
    out.println("  " + Main.commandName() + " cert client bob" + d);
    out.println("  " + Main.commandName() + " broker start" + d);
    out.println("  " + Main.commandName() + " pub" + d + " --as bob -t test -m hello");
    return 0;
  }

  private static String listeners(BrokerSettings settings) {
    StringBuilder text = new StringBuilder();
    if (settings.port() != 0) {
      text.append(" ").append(settings.port()).append(" (password)");
    }
    if (settings.tlsPort() != 0) {
      text.append(" ").append(settings.tlsPort()).append(" (mutual TLS)");
    }
    return text.toString();
  }
}
