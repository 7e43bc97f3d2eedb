package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.BrokerSettings;
import io.github.simplemqtt.client.MqttVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simplemqtt doctor}: says in plain words why a connection fails and how to fix it. With
 * connection flags it runs the steps a client goes through (local files, network, TLS, MQTT
 * connect, a publish/subscribe round trip) and stops at the first failure; with only {@code --dir}
 * it checks a broker directory.
 */
@Command(
    name = "doctor",
    description = {
      "Finds out why a connection fails and says how to fix it: checks the certificate files,",
      "the network, TLS, the MQTT connect and a publish/subscribe round trip, and stops at the",
      "first failure with its cause and fix. With only --dir, checks a broker directory instead."
    },
    footer = {
      "",
      "Examples:",
      "  simplemqtt doctor --dir ./mosquitto --as bob",
      "  simplemqtt doctor -h 192.168.1.10 -p 1883 -u alice -P secret",
      "  simplemqtt doctor -h 192.168.1.10 --cafile chain.crt --cert client.crt --key client.key",
      "  simplemqtt doctor --dir ./mosquitto",
      "",
      "Exit status: 0 when every check passed (warnings allowed), 1 when one failed."
    })
public final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "-h", paramLabel = "HOST", description = "Broker host (default: localhost).")
  String host;

  @Option(
      names = "-p",
      paramLabel = "PORT",
      description = "Broker port (default: 1883, 8883 with --cafile).")
  Integer port;

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
      description =
          "Broker directory: alone, check it; with --as, connect as that client; with -u, tell a"
              + " wrong password from an unknown user.")
  Path dir;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Connect with mutual TLS as client NAME of --dir (default dir: ./mosquitto).")
  String as;

  @Option(
      names = "-t",
      paramLabel = "TOPIC",
      description = "Topic of the round trip (default: simplemqtt/doctor/<random>).")
  String topic;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "How long each network step may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "How long the round trip waits for its message (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (timeoutSeconds < 1 || waitSeconds < 1) {
      throw usage("--timeout and --wait must be at least 1 second.");
    }
    boolean clientFlags =
        host != null
            || port != null
            || user != null
            || password != null
            || cafile != null
            || cert != null
            || key != null
            || as != null;
    if (!clientFlags) {
      if (dir == null) {
        throw usage(
            "Say what to check: -h HOST -p PORT [-u USER -P PASSWORD | --cafile F --cert F --key"
                + " F], --dir DIR --as NAME, or --dir DIR alone for a broker directory.");
      }
      return directory(out);
    }
    Target target = target();
    out.println("Diagnosing " + describe(target));
    String clientId = Doctor.randomId();
    LocalDateTime started = BrokerLog.now();
    Finding[] failure = new Finding[1];
    boolean passed =
        new Doctor(clock)
            .diagnose(
                target,
                clientId,
                finding -> {
                  if (finding.failed()) {
                    failure[0] = finding;
                  }
                  print(out, finding);
                });
    out.println(
        passed
            ? "All steps passed."
            : "Stopped at step "
                + failure[0].step().number
                + " ("
                + failure[0].step().title
                + "): fix it and run doctor again.");
    if (!passed && failure[0].step().number >= Step.TLS.number) {
      List<String> log = BrokerLog.since(target.brokerDir(), started);
      if (!log.isEmpty()) {
        out.println("The broker's log (" + BrokerLog.file(target.brokerDir()) + ") meanwhile:");
        log.forEach(line -> out.println("  " + line));
      }
    }
    out.flush();
    return passed ? 0 : 1;
  }

  private int directory(PrintWriter out) {
    out.println("Checking the broker directory " + dir.toAbsolutePath().normalize());
    List<Finding> findings = new BrokerDirectoryChecks(clock).run(dir);
    findings.forEach(f -> print(out, f));
    long failed = findings.stream().filter(Finding::failed).count();
    long warnings = findings.stream().filter(f -> f.status() == Status.WARNING).count();
    if (failed == 0) {
      out.println(
          "Every check passed" + (warnings == 0 ? "." : ", with " + warnings + " warnings."));
    } else {
      out.println(failed + (failed == 1 ? " check failed." : " checks failed."));
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private Target target() {
    MqttVersion version =
        switch (protocolVersion) {
          case "5", "mqttv5" -> MqttVersion.V5;
          case "311", "mqttv311" -> MqttVersion.V3_1_1;
          default -> throw usage("-V must be 5 or 311, not '" + protocolVersion + "'.");
        };
    if (password != null && user == null) {
      throw usage("-P needs a user name: add -u USER.");
    }
    if (topic != null && (topic.isEmpty() || topic.contains("+") || topic.contains("#"))) {
      throw usage("-t needs a topic name without wildcards (+ or #), not '" + topic + "'.");
    }
    String topicOrDefault = topic != null ? topic : "simplemqtt/doctor/" + Doctor.randomId();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    Duration wait = Duration.ofSeconds(waitSeconds);
    char[] secret = password == null ? null : password.toCharArray();
    if (as != null) {
      if (cafile != null || cert != null || key != null) {
        throw usage(
            "--as takes the certificate files from --dir; leave out --cafile/--cert/--key.");
      }
      Path given = dir == null ? Path.of("mosquitto") : dir;
      BrokerDirectory directory = BrokerDirectory.open(given);
      BrokerSettings settings = directory.settings();
      if (settings.tlsPort() == 0 && port == null) {
        throw usage(directory.path() + " has no TLS listener; pass -p PORT.");
      }
      Path client = directory.clientDirectory(as);
      return new Target(
          host != null ? host : defaultHost(settings),
          port != null ? port : settings.tlsPort(),
          client.resolve("chain.crt"),
          client.resolve("client.crt"),
          client.resolve("client.key"),
          user,
          secret,
          version,
          given, // as the user wrote it, for the commands doctor suggests
          topicOrDefault,
          timeout,
          wait);
    }
    if ((cert == null) != (key == null)) {
      throw usage("--cert and --key go together.");
    }
    if (cert != null && cafile == null) {
      throw usage("--cert needs --cafile (the CA certificates to trust).");
    }
    return new Target(
        host != null ? host : "localhost",
        port != null ? port : cafile != null ? 8883 : 1883,
        cafile,
        cert,
        key,
        user,
        secret,
        version,
        dir,
        topicOrDefault,
        timeout,
        wait);
  }

  private static String defaultHost(BrokerSettings settings) {
    if ("127.0.0.1".equals(settings.bindAddress()) || settings.hosts().isEmpty()) {
      return "127.0.0.1";
    }
    return settings.hosts().get(0);
  }

  private static String describe(Target target) {
    String how;
    if (target.clientCertificate()) {
      how = "mutual TLS with " + target.certFile();
    } else if (target.tls()) {
      how = "TLS" + (target.user() != null ? " as user " + target.user() : "");
    } else {
      how = "plain MQTT" + (target.user() != null ? " as user " + target.user() : ", anonymous");
    }
    return target.endpoint() + " (" + how + ")";
  }

  /** One line per finding; a cause and a fix line under every warning and failure. */
  static void print(PrintWriter out, Finding finding) {
    String status =
        switch (finding.status()) {
          case PASSED -> "passed ";
          case WARNING -> "warning";
          case FAILED -> "FAILED ";
        };
    out.println(
        "  "
            + status
            + "  "
            + finding.step().number
            + " "
            + pad(finding.step().label, 8)
            + finding.summary());
    if (finding.status() != Status.PASSED) {
      String indent = " ".repeat(2 + 7 + 2 + 2 + 8);
      out.println(indent + "cause: " + finding.cause());
      out.println(indent + "fix:   " + finding.fix());
    }
    out.flush();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
