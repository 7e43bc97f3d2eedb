package io.github.simplemqtt.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with captured output and a given stdin. */
final class Cli {

  /**
   * The built command line as a process: the simplemqtt-bench archive that {@code package} unpacks
   * in target/launcher, which {@code ./simplemqtt} runs too. Integration tests run after package.
   */
  static final Path BUILT = Path.of("target/launcher/bin/simplemqtt").toAbsolutePath();

  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** {@code init DIR} for 127.0.0.1 with the given ports, listening on 127.0.0.1 only. */
  static Result initOnLoopback(Path dir, int port, int tlsPort) {
    return run(
        "init",
        dir.toString(),
        "--host",
        "127.0.0.1",
        "--port",
        Integer.toString(port),
        "--tls-port",
        Integer.toString(tlsPort),
        "--bind",
        "127.0.0.1");
  }

  static Result run(String... args) {
    return runWithStdin("", args);
  }

  static Result runWithStdin(String stdin, String... args) {
    return runWith(stdin, Map.of(), args);
  }

  /** Runs with the given stdin and environment (instead of this process's). */
  static Result runWith(String stdin, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Main.commandLine(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                environment,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                // As Main.execute: a short command builds only its own model.
                Main.subcommandOf(args))
            .execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
