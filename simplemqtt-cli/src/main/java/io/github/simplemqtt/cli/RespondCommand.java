package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.Responder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simplemqtt respond}: MQTT 5 request/response from the command line, the answering side.
 */
@Command(
    name = "respond",
    versionProvider = Version.class,
    description = {
      "Answers MQTT 5 requests on a topic: each request's reply goes to its response topic with its"
          + " correlation data. --echo sends the request back; --exec runs a shell command with the"
          + " request on standard input and replies with what it prints (no reply if it fails).",
      "Runs until interrupted, or until -C requests were answered."
    },
    footer = {
      "",
      "Examples:",
      "  simplemqtt respond --dir ./mosquitto --as bob -t rpc/echo --echo",
      "  simplemqtt respond --dir ./mosquitto --as bob -t rpc/date --exec date"
    })
final class RespondCommand implements Callable<Integer> {
  private static final long EXEC_TIMEOUT_SECONDS = 30;
  private static final long REPLY_SETTLE_SECONDS = 5;

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "-t",
      required = true,
      paramLabel = "FILTER",
      description = "Topic filter of the requests.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  String filter;

  @ArgGroup(multiplicity = "1")
  @SuppressWarnings("NullAway.Init") // picocli sets it: the group is required (multiplicity 1)
  Answer answer;

  static final class Answer {
    @Option(names = "--echo", required = true, description = "Reply with the request's payload.")
    boolean echo;

    @Option(
        names = "--exec",
        required = true,
        paramLabel = "COMMAND",
        description = "Reply with what this shell command prints, given the request on stdin.")
    @Nullable String command;
  }

  @Option(
      names = "-q",
      paramLabel = "QOS",
      defaultValue = "1",
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-C", paramLabel = "COUNT", description = "Exit after answering COUNT requests.")
  @Nullable Integer count;

  @Override
  public Integer call() throws InterruptedException {
    if (qos < 0 || qos > 2) {
      throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2, not " + qos + ".");
    }
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "-C must be 1 or more, not " + count + ".");
    }
    PrintWriter err = spec.commandLine().getErr();
    Semaphore answered = new Semaphore(0);
    Responder responder =
        request -> {
          // The group takes --echo or --exec: with no --echo, the command is there.
          String command = answer.command;
          byte[] reply =
              answer.echo || command == null ? request.payload() : run(command, request, err);
          if (reply != null) {
            answered.release();
          }
          return reply;
        };
    try (MqttClient client = connection.connectedClient()) {
      client.respond(filter, qos, responder);
      Integer limit = count;
      if (limit == null) {
        new Semaphore(0).acquire(); // until interrupted: no one releases a permit
        return 0;
      }
      answered.acquire(limit);
      // The last reply leaves asynchronously: let the broker acknowledge it before closing.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLY_SETTLE_SECONDS);
      // The responder counts a reply before the client publishes it; this client publishes
      // nothing else.
      while ((client.metrics().published() < limit || client.metrics().inFlight() > 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    return 0;
  }

  private static byte @Nullable [] run(String command, Message request, PrintWriter err)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("sh", "-c", command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(request.payload());
    }
    byte[] out;
    try (InputStream stdout = process.getInputStream()) {
      out = stdout.readAllBytes();
    }
    if (!process.waitFor(EXEC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      err.println("'" + command + "' ran over " + EXEC_TIMEOUT_SECONDS + " s; no reply sent.");
      err.flush();
      return null;
    }
    if (process.exitValue() != 0) {
      err.println("'" + command + "' exited with " + process.exitValue() + "; no reply sent.");
      err.flush();
      return null;
    }
    int end = out.length;
    if (end > 0 && out[end - 1] == '\n') {
      end--; // a command's closing newline is not part of its answer
    }
    return java.util.Arrays.copyOf(out, end);
  }
}
