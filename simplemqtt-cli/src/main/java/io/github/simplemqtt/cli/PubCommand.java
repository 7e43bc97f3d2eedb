package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.MQTTClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simplemqtt pub}: publishes messages, with mosquitto_pub's flags. */
@Command(
    name = "pub",
    versionProvider = Version.class,
    description =
        "Publishes a message and waits until the broker acknowledged it. Flags as in"
            + " mosquitto_pub.",
    footer = {
      "",
      "Examples:",
      "  simplemqtt pub --dir ./mosquitto --as bob -t test -m hello",
      "  simplemqtt pub -h 192.168.1.10 -u alice -P secret -t test -m hello",
      "  simplemqtt pub -h 192.168.1.10 --cafile chain.crt --cert client.crt \\",
      "      --key client.key -t test -f reading.json"
    })
final class PubCommand implements Callable<Integer>, ReadsStdin {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "-t", required = true, paramLabel = "TOPIC", description = "Topic.")
  String topic;

  @Option(names = "-m", paramLabel = "MESSAGE", description = "The message text.")
  String message;

  @Option(names = "-f", paramLabel = "FILE", description = "Send the file's bytes as the message.")
  Path file;

  @Option(names = "-l", description = "Send each line of standard input as a message.")
  boolean lines;

  @Option(
      names = "-q",
      paramLabel = "QOS",
      defaultValue = "0",
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-r", description = "Retain the message.")
  boolean retain;

  private InputStream stdin = System.in;

  @Override
  public void stdin(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    int sources = (message != null ? 1 : 0) + (file != null ? 1 : 0) + (lines ? 1 : 0);
    if (sources != 1) {
      throw new ParameterException(
          spec.commandLine(), "Give exactly one of -m MESSAGE, -f FILE or -l.");
    }
    if (lines && connection.passwordFromStdin()) {
      throw new ParameterException(
          spec.commandLine(),
          "-l reads the messages from standard input, so the password cannot come from there;"
              + " set SIMPLEMQTT_PASSWORD instead.");
    }
    if (qos < 0 || qos > 2) {
      throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2, not " + qos + ".");
    }
    byte[] payload = file != null ? readFile(file) : null;
    try (MQTTClient client = connection.connectedClient()) {
      if (lines) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          client.publish(topic, line, qos, retain);
        }
      } else if (payload != null) {
        client.publish(topic, payload, qos, retain);
      } else {
        client.publish(topic, message, qos, retain);
      }
    }
    return 0;
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + file + " (" + e.getMessage() + "); check the path given to -f.", e);
    }
  }
}
