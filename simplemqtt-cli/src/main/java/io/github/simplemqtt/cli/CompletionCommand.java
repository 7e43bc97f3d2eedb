package io.github.simplemqtt.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code simplemqtt generate-completion}: prints a bash/zsh completion script. */
@Command(
    name = CompletionCommand.NAME,
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Prints a bash/zsh completion script for simplemqtt.",
    footer = {
      "",
      "Example:",
      "  simplemqtt generate-completion > ~/.local/share/bash-completion/completions/simplemqtt",
      "  source <(simplemqtt generate-completion)"
    })
final class CompletionCommand implements Runnable {
  static final String NAME = "generate-completion";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // picocli generates the script from the same model that parses the command line.
    spec.commandLine().getOut().print(AutoComplete.bash("simplemqtt", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
  }
}
