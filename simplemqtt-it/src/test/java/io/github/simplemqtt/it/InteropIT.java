package io.github.simplemqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.pki.ClientBundle;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same certificate files work for Mosquitto's own clients and for ours, both ways. */
class InteropIT {
  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").certificate("bob").build();

  @Test
  void mosquittoPubReachesAJavaSubscriberOverMutualTls(
      MosquittoBroker broker, RecordingHandler received) throws Exception {
    try (MqttClient client = broker.tlsClient("bob").build()) {
      client.connect();
      client.subscribe("interop/to-java", 1, received);
      Result pub =
          run(
              tls(
                  broker,
                  "mosquitto_pub",
                  List.of("-t", "interop/to-java", "-m", "from C", "-q", "1")));
      assertThat(pub.exitCode()).as(pub.output()).isZero();
      assertThat(received.take(Duration.ofSeconds(10)).payloadAsString()).isEqualTo("from C");
    }
  }

  @Test
  void javaPublishReachesMosquittoSubOverMutualTls(MosquittoBroker broker) throws Exception {
    try (MqttClient client = broker.tlsClient("bob").build()) {
      client.connect();
      // Retained, so mosquitto_sub gets it however late it subscribes: no race, no sleep.
      client.publish("interop/to-c", "from Java", 1, true);
    }
    Result sub =
        run(tls(broker, "mosquitto_sub", List.of("-t", "interop/to-c", "-C", "1", "-W", "10")));
    assertThat(sub.exitCode()).as(sub.output()).isZero();
    assertThat(sub.output().strip()).isEqualTo("from Java");
  }

  @Test
  void passwordUserWorksForMosquittoPubToo(MosquittoBroker broker, RecordingHandler received)
      throws Exception {
    try (MqttClient client = broker.passwordClient("alice").build()) {
      client.connect();
      client.subscribe("interop/password", 1, received);
      Result pub =
          run(
              List.of(
                  "mosquitto_pub",
                  "-h",
                  broker.host(),
                  "-p",
                  Integer.toString(broker.port()),
                  "-u",
                  "alice",
                  "-P",
                  "alice-pw",
                  "-t",
                  "interop/password",
                  "-m",
                  "hi",
                  "-q",
                  "1"));
      assertThat(pub.exitCode()).as(pub.output()).isZero();
      assertThat(received.take(Duration.ofSeconds(10)).payloadAsString()).isEqualTo("hi");
    }
  }

  static List<String> tls(MosquittoBroker broker, String tool, List<String> extra) {
    ClientBundle bob = broker.bundle("bob");
    List<String> command =
        new ArrayList<>(
            List.of(
                tool,
                "-h",
                broker.host(),
                "-p",
                Integer.toString(broker.tlsPort()),
                "--cafile",
                bob.chainFile().toString(),
                "--cert",
                bob.certificateFile().toString(),
                "--key",
                bob.keyFile().toString()));
    command.addAll(extra);
    return command;
  }

  record Result(int exitCode, String output) {}

  static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
