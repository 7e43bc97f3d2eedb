package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
      "      --key client.key -t test -f reading.json",
      "  simplemqtt pub --dir ./mosquitto --as bob -t sensors/t -m 21.5 \\",
      "      --property user-property unit C --content-type text/plain"
    })
final class PubCommand implements Callable<Integer>, ReadsStdin {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "-t", required = true, paramLabel = "TOPIC", description = "Topic.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  String topic;

  @Option(names = "-m", paramLabel = "MESSAGE", description = "The message text.")
  @Nullable String message;

  @Option(names = "-f", paramLabel = "FILE", description = "Send the file's bytes as the message.")
  @Nullable Path file;

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

  @Option(
      names = "-D",
      arity = "3..4",
      paramLabel = "publish NAME VALUE",
      description =
          "An MQTT 5 property, as mosquitto_pub spells it: -D publish user-property KEY VALUE,"
              + " content-type, response-topic, correlation-data, message-expiry-interval,"
              + " payload-format-indicator. Repeatable.")
  List<String> mosquittoProperties = new ArrayList<>();

  @Option(
      names = "--property",
      arity = "2..3",
      paramLabel = "NAME VALUE",
      description = "An MQTT 5 property: --property user-property KEY VALUE, and the names of -D.")
  List<String> properties = new ArrayList<>();

  @Option(names = "--content-type", paramLabel = "TYPE", description = "MQTT 5 content type.")
  @Nullable String contentType;

  @Option(
      names = "--expiry",
      paramLabel = "SECONDS",
      description = "MQTT 5 message expiry: the broker drops it after this many seconds.")
  @Nullable Long expiry;

  @Option(
      names = "--response-topic",
      paramLabel = "TOPIC",
      description = "MQTT 5 response topic: where a reply should go.")
  @Nullable String responseTopic;

  @Option(
      names = "--correlation-data",
      paramLabel = "TEXT",
      description = "MQTT 5 correlation data a reply should carry back.")
  @Nullable String correlationData;

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
    MessageProperties messageProperties = messageProperties();
    // The one source checked above: the file, the -m text, or (-l) standard input line by line.
    byte[] payload =
        file != null
            ? readFile(file)
            : message != null ? message.getBytes(StandardCharsets.UTF_8) : new byte[0];
    try (MqttClient client = connection.connectedClient()) {
      if (lines) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          client.publish(message(line.getBytes(StandardCharsets.UTF_8), messageProperties));
        }
      } else {
        client.publish(message(payload, messageProperties));
      }
    }
    return 0;
  }

  private Message message(byte[] payload, MessageProperties messageProperties) {
    return Message.builder(topic)
        .payload(payload)
        .qos(qos)
        .retained(retain)
        .properties(messageProperties)
        .build();
  }

  private MessageProperties messageProperties() {
    MessageProperties.Builder builder = MessageProperties.builder();
    try {
      PublishProperties.add(builder, mosquittoProperties, true, "-D");
      PublishProperties.add(builder, properties, false, "--property");
      if (contentType != null) {
        builder.contentType(contentType);
      }
      if (expiry != null) {
        if (expiry < 1) {
          throw new IllegalArgumentException("--expiry must be 1 or more, not " + expiry + ".");
        }
        builder.messageExpiry(Duration.ofSeconds(expiry));
      }
      if (responseTopic != null) {
        builder.responseTopic(responseTopic);
      }
      if (correlationData != null) {
        builder.correlationData(correlationData.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return builder.build();
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
