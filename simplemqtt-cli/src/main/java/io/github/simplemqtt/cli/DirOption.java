package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --dir DIR} option shared by the commands working on a broker directory. */
final class DirOption {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "./mosquitto",
      description = "The broker directory (default: ${DEFAULT-VALUE}).")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  Path dir;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Opens the directory; what the kit did on the way (moving old CA keys) goes to stderr. */
  BrokerDirectory open() {
    return BrokerDirectory.open(dir, notice -> command.commandLine().getErr().println(notice));
  }
}
