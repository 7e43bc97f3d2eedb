package io.github.simplemqtt.cli;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.SubscribeOptions;
import io.github.simplemqtt.client.SubscribeOptions.RetainHandling;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
      "  simplemqtt sub -h 192.168.1.10 -u alice -P secret -t test -C 1 -W 10",
      "  simplemqtt sub --dir ./mosquitto --as bob -t 'sensors/#' -F '%t %P %p'"
    })
final class SubCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "-t",
      required = true,
      paramLabel = "FILTER",
      description = "Topic filter, wildcards allowed; repeat for more.")
  @SuppressWarnings("NullAway.Init") // picocli sets it: required, or with a defaultValue
  List<String> filters;

  @Option(
      names = "-q",
      paramLabel = "QOS",
      defaultValue = "0",
      description = "Quality of service 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "-C", paramLabel = "COUNT", description = "Exit after COUNT messages.")
  @Nullable Integer count;

  @Option(names = "-W", paramLabel = "SECONDS", description = "Exit after SECONDS seconds.")
  @Nullable Integer seconds;

  @Option(names = "-v", description = "Print \"topic payload\" instead of the payload alone.")
  boolean verbose;

  @Option(
      names = "-F",
      paramLabel = "FORMAT",
      description =
          "Print each message in this format, as mosquitto_sub: %t topic, %p payload, %P user"
              + " properties, %q QoS, %r retained, %l length, %C content type, %R response topic,"
              + " %D correlation data, %E expiry, %F payload format, %x/%X hex payload, %I ISO"
              + " time, %U Unix time, %j a JSON line, %% a percent sign; \\n, \\t.")
  @Nullable String format;

  @Option(names = "--no-local", description = "MQTT 5: leave out messages this client publishes.")
  boolean noLocal;

  @Option(
      names = "--retain-as-published",
      description = "MQTT 5: keep the retain flag of live messages (shown by %r).")
  boolean retainAsPublished;

  @Option(
      names = "--retain-handling",
      paramLabel = "WHEN",
      description =
          "MQTT 5: when retained messages are sent at subscribe: send (default), send-if-new,"
              + " dont-send.")
  @Nullable String retainHandling;

  @Option(
      names = "--share",
      paramLabel = "GROUP",
      description = "Subscribe as a member of a shared subscription group ($share/GROUP/FILTER).")
  @Nullable String share;

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
    OutputFormat output;
    SubscribeOptions options;
    try {
      output = format == null ? null : OutputFormat.of(format);
      options = subscribeOptions();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (verbose && output != null) {
      throw new ParameterException(spec.commandLine(), "Give -v or -F, not both.");
    }
    PrintWriter out = spec.commandLine().getOut();
    BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    long deadline = seconds == null ? 0 : System.nanoTime() + seconds * 1_000_000_000L;
    int printed = 0;
    try (MqttClient client = connection.connectedClient()) {
      for (String filter : filters) {
        client.subscribe(
            share == null ? filter : "$share/" + share + "/" + filter, options, received::add);
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
            output != null
                ? output.format(message, Instant.now())
                : verbose
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

  private SubscribeOptions subscribeOptions() {
    SubscribeOptions options =
        SubscribeOptions.qos(qos).noLocal(noLocal).retainAsPublished(retainAsPublished);
    if (retainHandling != null) {
      options =
          options.retainHandling(
              switch (retainHandling) {
                case "send" -> RetainHandling.SEND;
                case "send-if-new" -> RetainHandling.SEND_IF_NEW;
                case "dont-send" -> RetainHandling.DONT_SEND;
                default ->
                    throw new IllegalArgumentException(
                        "--retain-handling must be send, send-if-new or dont-send, not '"
                            + retainHandling
                            + "'.");
              });
    }
    return options;
  }
}
