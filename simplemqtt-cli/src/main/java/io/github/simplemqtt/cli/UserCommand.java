package io.github.simplemqtt.cli;

import io.github.simplemqtt.broker.BrokerDirectory;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simplemqtt user add|remove|list}: the password file's users. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Manages password users; a running broker is reloaded after a change.",
    footer = {"", "Example:", "  simplemqtt user add alice --dir ./mosquitto"})
final class UserCommand implements ReadsStdin {

  @Spec CommandSpec spec;

  private InputStream stdin = System.in;

  @Override
  public void stdin(InputStream stdin) {
    this.stdin = stdin;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Adds a user or changes their password (asked twice, not echoed).",
      footer = {
        "",
        "Example:",
        "  simplemqtt user add alice --dir ./mosquitto",
        "  echo \"$PASSWORD\" | simplemqtt user add alice --password-stdin"
      })
  int add(
      @Parameters(paramLabel = "NAME", description = "The user name.") String name,
      @Mixin DirOption dir,
      @Option(
              names = "--password-stdin",
              description = "Read the password from the first line of standard input.")
          boolean passwordStdin) {
    BrokerDirectory directory = dir.open();
    char[] password = passwordStdin ? readLine() : prompt(name);
    try {
      if (password.length == 0) {
        throw new CliFailure("The password is empty; give a password of at least one character.");
      }
      boolean existed = directory.users().contains(name);
      directory.setPassword(name, password);
      spec.commandLine()
          .getOut()
          .println((existed ? "Changed the password of " : "Added user ") + name + ".");
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Removes a user; restarts a running broker to end their live sessions.",
      footer = {"", "Example:", "  simplemqtt user remove alice --dir ./mosquitto"})
  int remove(
      @Parameters(paramLabel = "NAME", description = "The user name.") String name,
      @Mixin DirOption dir) {
    int[] ended = {-1};
    if (!dir.open().removeUser(name, n -> ended[0] = n)) {
      throw new CliFailure("There is no user '" + name + "'; `simplemqtt user list` shows them.");
    }
    spec.commandLine().getOut().println("Removed user " + name + ".");
    spec.commandLine().getOut().println(Sessions.ended(name, ended[0]));
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Lists the users, one a line.",
      footer = {"", "Example:", "  simplemqtt user list --dir ./mosquitto"})
  int list(@Mixin DirOption dir) {
    List<String> users = dir.open().users();
    PrintWriter out = spec.commandLine().getOut();
    users.forEach(out::println);
    return 0;
  }

  private char[] readLine() {
    try {
      // Not closed: it is the process's stdin.
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null) {
        throw new CliFailure("Standard input is empty; pipe the password into --password-stdin.");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the password from standard input", e);
    }
  }

  private static char[] prompt(String name) {
    Console console = System.console();
    if (console == null) {
      throw new CliFailure(
          "No terminal to ask for the password; pipe it in with --password-stdin.");
    }
    char[] first = console.readPassword("Password for %s: ", name);
    char[] second = console.readPassword("Again: ");
    if (first == null || second == null) {
      throw new CliFailure("No password given.");
    }
    boolean same = Arrays.equals(first, second);
    Arrays.fill(second, '\0');
    if (!same) {
      Arrays.fill(first, '\0');
      throw new CliFailure("The two passwords differ; run the command again.");
    }
    return first;
  }
}
