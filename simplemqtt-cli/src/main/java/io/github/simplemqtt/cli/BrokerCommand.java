package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import io.github.simplemqtt.broker.pki.PkiException;
import io.github.simplemqtt.broker.process.BrokerProcessException;
import io.github.simplemqtt.broker.process.BrokerStatus;
import io.github.simplemqtt.broker.process.LocalBroker;
import io.github.simplemqtt.broker.process.RunningBroker;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simplemqtt broker start|stop|status|reload|logs}: the local mosquitto process. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Runs mosquitto for a broker directory in the background.",
    footer = {"", "Example:", "  simplemqtt broker start --dir ./mosquitto"})
final class BrokerCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Starts mosquitto and waits until its listeners answer.",
      footer = {"", "Example:", "  simplemqtt broker start --dir ./mosquitto"})
  int start(@Mixin DirOption dir) {
    BrokerDirectory directory = dir.open();
    renewCrlIfDue(directory);
    RunningBroker running;
    try {
      running = directory.broker().start();
    } catch (BrokerProcessException e) {
      if (e.reason() != BrokerProcessException.Reason.ALREADY_RUNNING) {
        throw e;
      }
      // The kit's message names its Java API (restart()); a shell user needs the commands.
      String d = dir.dir.toString();
      throw new CliFailure(
          "mosquitto already runs for "
              + d
              + directory.broker().status().pid().stream()
                  .mapToObj(p -> " (pid " + p + ")")
                  .findFirst()
                  .orElse("")
              + "; to apply a changed mosquitto.conf run `simplemqtt broker stop --dir "
              + d
              + "` and then `simplemqtt broker start --dir "
              + d
              + "`.",
          e);
    }
    spec.commandLine()
        .getOut()
        .println(
            "mosquitto started (pid "
                + running.pid()
                + ", ports "
                + running.ports().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + ").");
    return 0;
  }

  /**
   * Mosquitto refuses every client certificate once its CRL has passed its next-update date, so a
   * start (and a reload) renews a CRL that is half way to that date, or writes a deleted one again.
   */
  private void renewCrlIfDue(BrokerDirectory directory) {
    try {
      if (directory.pki().renewCrlIfDue()) {
        spec.commandLine().getOut().println("Renewed the certificate revocation list (crl.pem).");
      }
    } catch (PkiException e) {
      spec.commandLine()
          .getErr()
          .println("simplemqtt: warning: could not renew crl.pem: " + e.getMessage());
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Stops mosquitto (SIGTERM, then SIGKILL if it does not exit).",
      footer = {"", "Example:", "  simplemqtt broker stop --dir ./mosquitto"})
  int stop(@Mixin DirOption dir) {
    boolean stopped = dir.open().broker().stop();
    spec.commandLine()
        .getOut()
        .println(stopped ? "mosquitto stopped." : "mosquitto was not running.");
    return 0;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Says whether mosquitto runs; exit code 0 when it does, 3 when it does not.",
      footer = {"", "Example:", "  simplemqtt broker status --dir ./mosquitto"})
  int status(@Mixin DirOption dir) {
    BrokerStatus status = dir.open().broker().status();
    spec.commandLine().getOut().println(status.description());
    return status.isRunning() ? 0 : 3;
  }

  @Command(
      name = "reload",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Makes a running mosquitto re-read its config, passwords and CRL (SIGHUP).",
      footer = {"", "Example:", "  simplemqtt broker reload --dir ./mosquitto"})
  int reload(@Mixin DirOption dir) {
    BrokerDirectory directory = dir.open();
    renewCrlIfDue(directory); // a deleted or expired crl.pem would fail the reload
    boolean confirmed = directory.broker().reload();
    spec.commandLine()
        .getOut()
        .println(
            confirmed
                ? "mosquitto reloaded."
                : "Sent the reload signal; the log does not confirm it yet.");
    return 0;
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Prints the end of mosquitto's log.",
      footer = {"", "Example:", "  simplemqtt broker logs -n 50 --dir ./mosquitto"})
  int logs(
      @Mixin DirOption dir,
      @Option(
              names = "-n",
              paramLabel = "LINES",
              defaultValue = "20",
              description = "How many lines (default: ${DEFAULT-VALUE}).")
          int lines) {
    if (lines < 0) {
      throw new CliFailure("-n must be 0 or more, not " + lines + ".");
    }
    LocalBroker broker = dir.open().broker();
    PrintWriter out = spec.commandLine().getOut();
    broker.logTail(lines).forEach(out::println);
    return 0;
  }
}
