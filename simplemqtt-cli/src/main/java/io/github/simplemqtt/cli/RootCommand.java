package io.github.simplemqtt.cli;

import io.github.simplemqtt.cli.doctor.DoctorCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code simplemqtt}: the root command, listing the subcommands. */
@Command(
    name = "simplemqtt",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Runs a secured Mosquitto broker and talks to it.",
    subcommands = {
      QuickstartCommand.class,
      InitCommand.class,
      UserCommand.class,
      CertCommand.class,
      BrokerCommand.class,
      PubCommand.class,
      SubCommand.class,
      DoctorCommand.class,
      BenchCommand.class,
      CompletionCommand.class
    },
    footer = {
      "",
      "Example:",
      "  simplemqtt quickstart",
      "  simplemqtt init ./mosquitto --host 192.168.1.10"
    })
final class RootCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print a stack trace when a command fails, and the libraries' log.")
  boolean debug;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
