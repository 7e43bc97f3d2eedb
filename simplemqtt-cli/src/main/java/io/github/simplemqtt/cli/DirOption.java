package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --dir DIR} option shared by the commands working on a broker directory. */
final class DirOption {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "./mosquitto",
      description = "The broker directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  BrokerDirectory open() {
    return BrokerDirectory.open(dir);
  }
}
