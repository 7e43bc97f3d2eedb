package io.github.simplemqtt.cli;

import io.github.simplemqtt.cli.doctor.DoctorCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
    footer = {
      "",
      "Example:",
      "  simplemqtt quickstart",
      "  simplemqtt init ./mosquitto --host 192.168.1.10"
    })
final class RootCommand implements Runnable {

  /**
   * The subcommands by the name typed, in the order help lists them. Added by {@link Main}, not in
   * {@code @Command}, so that a short command builds only its own model: picocli building the model
   * of every subcommand was about a third of a {@code pub}'s start-up.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    byName.put("quickstart", QuickstartCommand.class);
    byName.put("init", InitCommand.class);
    byName.put("user", UserCommand.class);
    byName.put("cert", CertCommand.class);
    byName.put("broker", BrokerCommand.class);
    byName.put("bridge", BridgeCommand.class);
    byName.put("pub", PubCommand.class);
    byName.put("sub", SubCommand.class);
    byName.put("request", RequestCommand.class);
    byName.put("respond", RespondCommand.class);
    byName.put("doctor", DoctorCommand.class);
    byName.put("bench", BenchCommand.class);
    byName.put(CompletionCommand.NAME, CompletionCommand.class);
    return Collections.unmodifiableMap(byName);
  }

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
