package io.github.simplemqtt.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place mapping failures to exit codes: a failed command prints {@code simplemqtt:
 * <message>} and exits 1, a usage error prints one line and exits 2; a stack trace only with {@code
 * --debug}.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int FAILED = 1;
  static final int USAGE = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    err.println("simplemqtt: " + message(ex));
    if (debug(commandLine)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(
        "simplemqtt: "
            + (ex instanceof MissingParameterException missing ? missing(missing) : message(ex))
            + " (see '"
            + commandLine.getCommandSpec().qualifiedName()
            + " --help')");
    if (debug(commandLine)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USAGE;
  }

  /**
   * "NAME is missing; for example: simplemqtt cert client bob ...", instead of picocli's "Missing
   * required parameter: 'NAME'".
   */
  static String missing(MissingParameterException ex) {
    CommandSpec spec = ex.getCommandLine().getCommandSpec();
    String needed =
        ex.getMissing().stream()
            .map(
                arg ->
                    arg instanceof OptionSpec option
                        ? option.longestName() + " " + option.paramLabel()
                        : arg.paramLabel())
            .collect(Collectors.joining(" and "));
    String example =
        Arrays.stream(spec.usageMessage().footer())
            .map(String::strip)
            .filter(line -> line.startsWith("simplemqtt "))
            .findFirst()
            .map(line -> "; for example: " + line.replaceAll("\\s*\\\\$", " ..."))
            .orElse("");
    return needed + (ex.getMissing().size() == 1 ? " is" : " are") + " missing" + example;
  }

  private static boolean debug(CommandLine commandLine) {
    CommandLine root = commandLine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCommand() instanceof RootCommand command && command.debug;
  }

  static String message(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      message = ex.getClass().getSimpleName();
    }
    // One line, whatever the library said.
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
