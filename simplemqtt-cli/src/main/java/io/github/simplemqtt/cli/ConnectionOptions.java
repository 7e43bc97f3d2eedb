package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.cli.doctor.PortProtocol;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
public final class ConnectionOptions implements ReadsStdin, ReadsEnvironment {

  /** The environment variable holding the password, so it stays off the command line. */
  public static final String PASSWORD_VARIABLE = "SIMPLEMQTT_PASSWORD";

  /**
   * Where and how to connect, as the flags say, checked and with the defaults filled in. Made only
   * by {@link ConnectionOptions#endpoint()}; read by the commands.
   */
  public static final class Endpoint {
    private final String host;
    private final int port;
    private final @Nullable Path chainFile;
    private final @Nullable Path certFile;
    private final @Nullable Path keyFile;
    private final @Nullable String user;
    private final char @Nullable [] password;
    private final MqttVersion version;
    private final @Nullable Path brokerDir;

    Endpoint(
        String host,
        int port,
        @Nullable Path chainFile,
        @Nullable Path certFile,
        @Nullable Path keyFile,
        @Nullable String user,
        char @Nullable [] password,
        MqttVersion version,
        @Nullable Path brokerDir) {
      this.host = host;
      this.port = port;
      this.chainFile = chainFile;
      this.certFile = certFile;
      this.keyFile = keyFile;
      this.user = user;
      this.password = password;
      this.version = version;
      this.brokerDir = brokerDir;
    }

    /** The broker's host name or address. */
    public String host() {
      return host;
    }

    /** The broker's port. */
    public int port() {
      return port;
    }

    /** The CA certificates to trust, or null for plain MQTT. */
    public @Nullable Path chainFile() {
      return chainFile;
    }

    /** The client certificate, or null without one. */
    public @Nullable Path certFile() {
      return certFile;
    }

    /** The client's key, or null without a certificate. */
    public @Nullable Path keyFile() {
      return keyFile;
    }

    /** The user name, or null. */
    public @Nullable String user() {
      return user;
    }

    /** The password, or null; the array itself, not a copy. */
    public char @Nullable [] password() {
      return password;
    }

    /** The MQTT version. */
    public MqttVersion version() {
      return version;
    }

    /** The broker directory as the user wrote it (for {@code --as}, its default), or null. */
    public @Nullable Path brokerDir() {
      return brokerDir;
    }

    @Override
    public String toString() {
      // The password never appears.
      return "Endpoint["
          + host
          + ":"
          + port
          + (user == null ? "" : ", user " + user)
          + (chainFile == null ? "" : ", TLS")
          + ", "
          + version
          + "]";
    }
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "-h", paramLabel = "HOST", description = "Broker host (default: localhost).")
  @Nullable String host;

  @Option(
      names = "-p",
      paramLabel = "PORT",
      description = "Broker port (default: 1883, 8883 with --cafile).")
  @Nullable Integer port;

  @Option(names = "-i", paramLabel = "ID", description = "Client id (default: a random one).")
  @Nullable String clientId;

  @Option(names = "-u", paramLabel = "USER", description = "User name.")
  @Nullable String user;

  @Option(
      names = "-P",
      paramLabel = "PASSWORD",
      description =
          "Password (visible to other users in the process list; prefer --password-stdin or"
              + " SIMPLEMQTT_PASSWORD).")
  @Nullable String password;

  @Option(
      names = "--password-stdin",
      description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  private InputStream stdin = System.in;
  private Map<String, String> environment = Map.of();

  @Option(names = "--cafile", paramLabel = "FILE", description = "CA certificates to trust (PEM).")
  @Nullable Path cafile;

  @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate (PEM).")
  @Nullable Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "Client private key (PEM).")
  @Nullable Path key;

  @Option(
      names = "-V",
      paramLabel = "5|311",
      defaultValue = "5",
      description = "MQTT version: 5 or 311 (default: ${DEFAULT-VALUE}).")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  String protocolVersion;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Broker directory for --as (default: ./mosquitto).")
  @Nullable Path dir;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "Connect with mutual TLS as client NAME of --dir: its host, TLS port and"
              + " clients/NAME/ certificate files.")
  @Nullable String as;

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
        || passwordStdin
        || cafile != null
        || cert != null
        || key != null
        || as != null;
  }

  /** The {@code --dir} flag as given, or null. */
  public @Nullable Path dir() {
    return dir;
  }

  /** The {@code -i} flag, or null for a random client id. */
  public @Nullable String clientId() {
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
    if (as != null) {
      String ignored = firstCredentialFlag();
      if (ignored != null) {
        throw usage(
            "--as NAME connects with the certificate of clients/NAME/ in --dir, so "
                + ignored
                + " would be ignored; leave it out, or drop --as (for example: -h HOST -u USER"
                + " --password-stdin).");
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
          null,
          null,
          version,
          given);
    }
    char[] secret = password();
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

  /**
   * A connected client for {@code pub} and {@code sub}. A failed connect to a port that speaks the
   * other protocol (TLS on a plain port or the reverse) says which one it speaks.
   */
  MqttClient connectedClient() {
    if (as == null && dir != null) {
      throw usage("--dir needs --as NAME (the client whose certificate to use).");
    }
    Endpoint endpoint = endpoint();
    MqttClient client = client(endpoint);
    try {
      client.connect();
      return client;
    } catch (ConnectionException e) {
      client.close();
      Optional<String> mismatch =
          PortProtocol.mismatch(
              endpoint.host(),
              endpoint.port(),
              endpoint.chainFile() != null,
              Duration.ofSeconds(5));
      if (mismatch.isPresent()) {
        throw new CliFailure(mismatch.get(), e);
      }
      throw e;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private MqttClient client(Endpoint endpoint) {
    MqttClient.Builder builder =
        MqttClient.builder()
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
    Path chain = endpoint.chainFile();
    Path cert = endpoint.certFile();
    Path key = endpoint.keyFile();
    if (chain != null && cert != null && key != null) {
      builder.tls(chain, cert, key);
    } else if (chain != null) {
      builder.tls(chain);
    }
    return builder.build();
  }

  @Override
  public void stdin(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public void environment(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The password from -P, --password-stdin or SIMPLEMQTT_PASSWORD (in that order of being asked),
   * or null without a user name.
   */
  private char @Nullable [] password() {
    if (password != null && passwordStdin) {
      throw usage("Give the password once: -P PASSWORD or --password-stdin, not both.");
    }
    if (user == null) {
      if (password != null || passwordStdin) {
        throw usage("A password needs a user name: add -u USER.");
      }
      return null;
    }
    if (password != null) {
      return password.toCharArray();
    }
    if (passwordStdin) {
      return readPasswordLine();
    }
    String fromEnvironment = environment.get(PASSWORD_VARIABLE);
    return fromEnvironment == null ? null : fromEnvironment.toCharArray();
  }

  /** True when the password comes from standard input, which is then not free for messages. */
  boolean passwordFromStdin() {
    return passwordStdin;
  }

  private char[] readPasswordLine() {
    try {
      // Not closed: it is the process's stdin.
      String line =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw usage("Standard input is empty; pipe the password into --password-stdin.");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the password from standard input", e);
    }
  }

  /** The first flag given that --as would override, or null. */
  private @Nullable String firstCredentialFlag() {
    Map<String, Boolean> given = new LinkedHashMap<>();
    given.put("-u", user != null);
    given.put("-P", password != null);
    given.put("--password-stdin", passwordStdin);
    given.put("--cafile", cafile != null);
    given.put("--cert", cert != null);
    given.put("--key", key != null);
    return given.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
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
