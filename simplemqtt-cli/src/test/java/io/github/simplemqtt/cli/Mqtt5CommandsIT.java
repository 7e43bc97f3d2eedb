package io.github.simplemqtt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT 5 on the command line against a real mosquitto and its own tools: pub's properties, sub's -F
 * and subscription options, request and respond.
 */
class Mqtt5CommandsIT {
  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  private static List<String> login(MosquittoBroker broker) {
    return List.of(
        "-h",
        broker.host(),
        "-p",
        Integer.toString(broker.port()),
        "-u",
        "alice",
        "-P",
        "alice-pw");
  }

  private static Cli.Result cli(MosquittoBroker broker, String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(login(broker));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void pubSetsEveryPropertyMosquittoSubShows(MosquittoBroker broker) throws Exception {
    Cli.Result pub =
        cli(
            broker,
            "pub",
            "-t",
            "cli5/props",
            "-m",
            "hi",
            "-r",
            "-q",
            "1",
            "-D",
            "publish",
            "user-property",
            "k",
            "v",
            "--property",
            "user-property",
            "k2",
            "v2",
            "--content-type",
            "text/plain",
            "--expiry",
            "60",
            "--response-topic",
            "replies/x",
            "--correlation-data",
            "c-1",
            "-D",
            "publish",
            "payload-format-indicator",
            "1");
    assertThat(pub.exitCode()).as(pub.err()).isZero();

    String shown =
        mosquitto(
            "mosquitto_sub",
            broker,
            "-V",
            "5",
            "-t",
            "cli5/props",
            "-C",
            "1",
            "-W",
            "10",
            "-F",
            "%P|%C|%R|%D|%F|%p");
    assertThat(shown.strip()).isEqualTo("k:v k2:v2|text/plain|replies/x|c-1|1|hi");
  }

  @Test
  void subFormatsWhatMosquittoPubSentAsMosquittoSubDoes(MosquittoBroker broker) throws Exception {
    mosquitto(
        "mosquitto_pub",
        broker,
        "-V",
        "5",
        "-t",
        "cli5/format",
        "-m",
        "say \"hi\"",
        "-r",
        "-q",
        "1",
        "-D",
        "publish",
        "user-property",
        "a",
        "b",
        "-D",
        "publish",
        "content-type",
        "x/y");

    Cli.Result sub =
        cli(
            broker,
            "sub",
            "-t",
            "cli5/format",
            "-C",
            "1",
            "-W",
            "10",
            "-F",
            "%t %P %C %q %r %l %x");
    assertThat(sub.exitCode()).as(sub.err()).isZero();
    assertThat(sub.out()).isEqualTo("cli5/format a:b x/y 0 1 8 " + hex("say \"hi\"") + "\n");

    Cli.Result json = cli(broker, "sub", "-t", "cli5/format", "-C", "1", "-W", "10", "-F", "%j");
    String theirs =
        mosquitto(
            "mosquitto_sub",
            broker,
            "-V",
            "5",
            "-t",
            "cli5/format",
            "-C",
            "1",
            "-W",
            "10",
            "-F",
            "%j");
    // The same line but for the time it was received.
    assertThat(withoutTime(json.out().strip())).isEqualTo(withoutTime(theirs.strip()));
  }

  @Test
  void subRetainHandlingDontSendSkipsTheRetainedMessage(MosquittoBroker broker) throws Exception {
    mosquitto("mosquitto_pub", broker, "-t", "cli5/rh", "-m", "old", "-r", "-q", "1");
    Cli.Result sub =
        cli(broker, "sub", "-t", "cli5/rh", "-C", "1", "-W", "1", "--retain-handling", "dont-send");
    assertThat(sub.exitCode()).isEqualTo(1);
    assertThat(sub.err()).contains("no message within 1 s");
    Cli.Result plain = cli(broker, "sub", "-t", "cli5/rh", "-C", "1", "-W", "10");
    assertThat(plain.out()).isEqualTo("old\n");
  }

  @Test
  void badPropertiesAndFormatsAreRefusedInOneSentence(MosquittoBroker broker) {
    assertRefused(
        cli(broker, "pub", "-t", "t", "-m", "x", "-D", "connect", "session-expiry-interval", "5"),
        "-D connect: only PUBLISH properties can be set here; write -D publish NAME VALUE.");
    assertRefused(
        cli(broker, "pub", "-t", "t", "-m", "x", "--property", "expiry", "5"),
        "--property expiry is not a PUBLISH property; use user-property, content-type,"
            + " response-topic, correlation-data, message-expiry-interval or"
            + " payload-format-indicator.");
    assertRefused(
        cli(
            broker,
            "pub",
            "-t",
            "t",
            "-m",
            "x",
            "-D",
            "publish",
            "message-expiry-interval",
            "soon"),
        "-D message-expiry-interval takes whole seconds, 1 or more, not 'soon'.");
    assertRefused(
        cli(broker, "sub", "-t", "t", "-F", "%z"),
        "-F has the unknown code '%z'; see simplemqtt sub --help for the codes it knows.");
    assertRefused(
        cli(broker, "sub", "-t", "t", "--retain-handling", "sometimes"),
        "--retain-handling must be send, send-if-new or dont-send, not 'sometimes'.");
    Cli.Result v3 =
        cli(broker, "pub", "-V", "311", "-t", "t", "-m", "x", "--content-type", "text/plain");
    assertThat(v3.exitCode()).isNotZero();
    assertThat(v3.err()).contains("need MQTT 5");
  }

  @Test
  void requestGetsTheAnswerOfRespond(MosquittoBroker broker) throws Exception {
    CompletableFuture<Cli.Result> echo =
        CompletableFuture.supplyAsync(
            () -> cli(broker, "respond", "-t", "cli5/rpc/echo", "--echo", "-C", "2"));
    CompletableFuture<Cli.Result> shout =
        CompletableFuture.supplyAsync(
            () ->
                cli(broker, "respond", "-t", "cli5/rpc/shout", "--exec", "tr a-z A-Z", "-C", "2"));
    awaitResponder(broker, "cli5/rpc/echo");
    awaitResponder(broker, "cli5/rpc/shout");

    Cli.Result echoed = cli(broker, "request", "-t", "cli5/rpc/echo", "-m", "hello", "-W", "10");
    assertThat(echoed.exitCode()).as(echoed.err()).isZero();
    assertThat(echoed.out()).isEqualTo("hello\n");
    Cli.Result shouted = cli(broker, "request", "-t", "cli5/rpc/shout", "-m", "quiet", "-W", "10");
    assertThat(shouted.out()).isEqualTo("QUIET\n");

    assertThat(echo.get(30, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(shout.get(30, TimeUnit.SECONDS).exitCode()).isZero();

    Cli.Result nobody = cli(broker, "request", "-t", "cli5/rpc/nobody", "-W", "1");
    assertThat(nobody.exitCode()).isEqualTo(1);
    assertThat(nobody.err()).contains("No reply to the request on 'cli5/rpc/nobody' within 1 s");
  }

  /**
   * Until a responder answers on {@code topic}: it answers this probe too. A probe sent before the
   * responder subscribed is lost, never answered late, so exactly one probe counts towards -C.
   */
  private static void awaitResponder(MosquittoBroker broker, String topic) {
    try (MqttClient probe = broker.passwordClient("alice").build()) {
      probe.connect();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreException(MqttClientException.class)
          .until(() -> probe.request(topic, "probe", Duration.ofSeconds(2)) != null);
    }
  }

  private static void assertRefused(Cli.Result result, String sentence) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains(sentence);
  }

  private static String withoutTime(String json) {
    return json.replaceFirst("\"tst\":\"[^\"]*\",", "");
  }

  private static String hex(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }

  /** mosquitto_pub or mosquitto_sub as alice, through {@link CommandsIT#mosquitto}. */
  private static String mosquitto(String tool, MosquittoBroker broker, String... args)
      throws IOException, InterruptedException {
    return CommandsIT.mosquitto(tool, login(broker), args);
  }
}
