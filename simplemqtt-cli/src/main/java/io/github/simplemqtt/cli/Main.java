package io.github.simplemqtt.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** The {@code simplemqtt} command line: entry point and the one place building the parser. */
public final class Main {

  private Main() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line with the process's standard streams and returns the exit code: 0 on
   * success, 1 when the command failed (one line on stderr), 2 for a usage error.
   *
   * @param args the command line arguments
   * @return the exit code
   */
  public static int execute(String... args) {
    if (List.of(args).contains("--debug")) {
      // Before any logger exists: slf4j-simple reads its settings once, for the first one.
      setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      setIfAbsent("org.slf4j.simpleLogger.log.io.github.simplemqtt", "debug");
    }
    return commandLine(
            System.in,
            System.getenv(),
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            subcommandOf(args))
        .execute(args);
  }

  /**
   * The subcommand {@code args} run, when they name one that needs no other (not the completion
   * script, which lists them all): the first word that is not a root option. Null otherwise, for
   * the whole parser (root help, an unknown or mistyped name).
   */
  static @Nullable String subcommandOf(String... args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return RootCommand.SUBCOMMANDS.containsKey(arg) && !arg.equals(CompletionCommand.NAME)
            ? arg
            : null;
      }
    }
    return null;
  }

  /**
   * The command as the user types it, for the next steps that commands print: {@code simplemqtt}
   * from an installed archive (its bin/simplemqtt says so), {@code ./simplemqtt} in the source
   * tree.
   */
  static String commandName() {
    return System.getProperty("simplemqtt.command", "./simplemqtt");
  }

  /** Builds the parser with the given streams, so tests can capture output and feed stdin. */
  static CommandLine commandLine(InputStream stdin, PrintWriter out, PrintWriter err) {
    return commandLine(stdin, System.getenv(), out, err);
  }

  /** As {@link #commandLine(InputStream, PrintWriter, PrintWriter)}, with a given environment. */
  static CommandLine commandLine(
      InputStream stdin, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    return commandLine(stdin, environment, out, err, null);
  }

  /**
   * The parser with every subcommand, or with only {@code subcommand} when not null: a short
   * command then starts without building the model of the others.
   */
  static CommandLine commandLine(
      InputStream stdin,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err,
      @Nullable String subcommand) {
    quietLogging();
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K instance = defaults.create(type);
            if (instance instanceof ReadsStdin reader) {
              reader.stdin(stdin);
            }
            if (instance instanceof ReadsEnvironment reader) {
              reader.environment(environment);
            }
            return instance;
          }
        };
    CommandLine commandLine = new CommandLine(new RootCommand(), factory);
    RootCommand.SUBCOMMANDS.forEach(
        (name, type) -> {
          if (subcommand == null || subcommand.equals(name)) {
            commandLine.addSubcommand(name, type);
          }
        });
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(new Failures());
    commandLine.setParameterExceptionHandler(new Failures());
    return commandLine;
  }

  // slf4j-simple logs to stderr; a command line prints its own lines instead (every failure the
  // libraries log also reaches the command as an exception or a result it words itself), so only
  // errors show, and with --debug the libraries' whole log.
  private static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "error");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
