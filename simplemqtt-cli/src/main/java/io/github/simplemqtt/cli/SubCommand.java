package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.MQTTClient;
import io.github.simplemqtt.client.Message;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simplemqtt sub}: prints messages as they arrive, with mosquitto_sub's flags. */
@Command(
    name = "sub",
    versionProvider = Version.class,
    description = {
      "Subscribes and prints each message as it arrives: its payload, or \"topic payload\" with"
          + " -v. Flags as in mosquitto_sub.",
      "Stops after -C messages (exit 0) or after -W seconds: then exit 0 when at least one"
          + " message arrived, else exit 1 with \"no message within N s\". Without -C and -W it"
          + " runs until interrupted."
    },
    footer = {
      "",
      "Examples:",
      "  simplemqtt sub --dir ./mosquitto --as bob -t 'sensors/#' -v",
      "  simplemqtt sub -h 192.168.1.10 -u alice -P secret -t test -C 1 -W 10"
    })
final class SubCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "-t",
      required = true,
      paramLabel = "FILTER",
      description = "Topic filter, wildcards allowed; repeat for more.")
  List<String> filters;

  @Option(
      names = "-q",
      paramLabel = "QOS",
      defaultValue = "0",
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-C", paramLabel = "COUNT", description = "Exit after COUNT messages.")
  Integer count;

  @Option(names = "-W", paramLabel = "SECONDS", description = "Exit after SECONDS seconds.")
  Integer seconds;

  @Option(names = "-v", description = "Print \"topic payload\" instead of the payload alone.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    if (qos < 0 || qos > 2) {
      throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2, not " + qos + ".");
    }
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "-C must be 1 or more, not " + count + ".");
    }
    if (seconds != null && seconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "-W must be 1 or more, not " + seconds + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    long deadline = seconds == null ? 0 : System.nanoTime() + seconds * 1_000_000_000L;
    int printed = 0;
    try (MQTTClient client = connection.connectedClient()) {
      for (String filter : filters) {
        client.subscribe(filter, qos, received::add);
      }
      while (count == null || printed < count) {
        long left = seconds == null ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Message message = received.poll(left, TimeUnit.NANOSECONDS);
        if (message == null) {
          break;
        }
        out.println(
            verbose
                ? message.topic() + " " + message.payloadAsString()
                : message.payloadAsString());
        out.flush();
        printed++;
      }
    }
    if (printed == 0) {
      throw new CliFailure("no message within " + seconds + " s");
    }
    return 0;
  }
}
