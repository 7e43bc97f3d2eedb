package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simplemqtt request}: MQTT 5 request/response from the command line, the asking side. */
@Command(
    name = "request",
    versionProvider = Version.class,
    description =
        "Sends an MQTT 5 request (a message with a response topic and correlation data) and prints"
            + " the reply's payload. Exit 1 when no reply comes within -W seconds.",
    footer = {
      "",
      "Examples (two terminals):",
      "  simplemqtt respond --dir ./mosquitto --as bob -t rpc/echo --echo",
      "  simplemqtt request --dir ./mosquitto --as bob -t rpc/echo -m hello"
    })
final class RequestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "-t", required = true, paramLabel = "TOPIC", description = "Request topic.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  String topic;

  @Option(names = "-m", paramLabel = "MESSAGE", defaultValue = "", description = "Request text.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  String message;

  @Option(
      names = "-q",
      paramLabel = "QOS",
      defaultValue = "1",
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(
      names = "-W",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "How long to wait for the reply (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Override
  public Integer call() {
    if (qos < 0 || qos > 2) {
      throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2, not " + qos + ".");
    }
    if (seconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "-W must be 1 or more, not " + seconds + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (MqttClient client = connection.connectedClient()) {
      Message reply;
      try {
        reply =
            client.request(
                Message.builder(topic).payload(message).qos(qos).build(),
                Duration.ofSeconds(seconds));
      } catch (MqttClientException e) {
        String said = e.getMessage();
        if (said != null && said.startsWith("No reply")) {
          throw new CliFailure(said);
        }
        throw e;
      }
      out.println(reply.payloadAsString());
      out.flush();
    }
    return 0;
  }
}
