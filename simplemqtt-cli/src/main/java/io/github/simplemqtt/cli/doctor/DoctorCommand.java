package io.github.simplemqtt.cli.doctor;

import io.github.simplemqtt.cli.ConnectionOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    // One string: picocli wraps it; separate strings would each start a new line.
    description =
        "Finds out why a connection fails and says how to fix it: checks the certificate files,"
            + " the network, TLS, the MQTT connect and a publish/subscribe round trip, and stops"
            + " at the first failure with its cause and fix. With only --dir, checks a broker"
            + " directory instead; with --dir and -u, tells a wrong password from an unknown"
            + " user.",
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

  @Mixin ConnectionOptions connection;

  @Option(
      names = "-t",
      paramLabel = "TOPIC",
      description = "Topic of the round trip (default: simplemqtt/doctor/<random>).")
  @Nullable String topic;

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

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (timeoutSeconds < 1 || waitSeconds < 1) {
      throw usage("--timeout and --wait must be at least 1 second.");
    }
    if (!connection.anyGiven()) {
      Path dir = connection.dir();
      if (dir == null) {
        throw connection.usage(
            "Say what to check: -h HOST -p PORT [-u USER -P PASSWORD | --cafile F --cert F --key"
                + " F], --dir DIR --as NAME, or --dir DIR alone for a broker directory.");
      }
      return directory(dir, out);
    }
    Target target = target();
    out.println("Diagnosing " + describe(target));
    String clientId = connection.clientId() != null ? connection.clientId() : Doctor.randomId();
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
      Path brokerDir = target.brokerDir();
      List<String> log = BrokerLog.since(brokerDir, started);
      if (brokerDir != null && !log.isEmpty()) {
        out.println("The broker's log (" + BrokerLog.file(brokerDir) + ") meanwhile:");
        log.forEach(line -> out.println("  " + line));
      }
    }
    out.flush();
    return passed ? 0 : 1;
  }

  private int directory(Path dir, PrintWriter out) {
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
    if (topic != null && (topic.isEmpty() || topic.contains("+") || topic.contains("#"))) {
      throw usage("-t needs a topic name without wildcards (+ or #), not '" + topic + "'.");
    }
    ConnectionOptions.Endpoint endpoint = connection.endpoint();
    return new Target(
        endpoint.host(),
        endpoint.port(),
        endpoint.chainFile(),
        endpoint.certFile(),
        endpoint.keyFile(),
        endpoint.user(),
        endpoint.password(),
        endpoint.version(),
        endpoint.brokerDir(), // as the user wrote it, for the commands doctor suggests
        topic != null ? topic : "simplemqtt/doctor/" + Doctor.randomId(),
        Duration.ofSeconds(timeoutSeconds),
        Duration.ofSeconds(waitSeconds));
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
