package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages a broker queued for a session arrive right after the CONNACK that resumes it: none is
 * lost because the handler was not there yet (issue 18 items 2 and 3).
 */
class ResumedSessionIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int QUEUED = 50;

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  private static MqttClient.Builder persistent(MosquittoBroker broker, String id) {
    return broker.passwordClient("alice").clientId(id).cleanStart(false);
  }

  /** Leaves a session for {@code id} subscribed to {@code filter} with QUEUED messages waiting. */
  private static void queueWhileAway(
      MosquittoBroker broker, String id, String filter, String topic) {
    try (MqttClient before = persistent(broker, id).build()) {
      before.connect();
      before.subscribe(filter, 1, message -> {});
    }
    try (MqttClient publisher = broker.passwordClient("alice").build()) {
      publisher.connect();
      for (int i = 0; i < QUEUED; i++) {
        publisher.publish(topic, "m" + i, 1, false);
      }
    }
  }

  @Test
  void aSubscriptionMadeBeforeConnectGetsEveryQueuedMessage(
      MosquittoBroker broker, RecordingHandler received) {
    queueWhileAway(broker, "resume-before", "resume/before/#", "resume/before/x");
    try (MqttClient client = persistent(broker, "resume-before").build()) {
      assertThat(client.subscribe("resume/before/#", 1, received)).isEqualTo(1);
      client.connect();
      assertThat(payloads(received.awaitCount(QUEUED, WAIT))).containsExactlyElementsOf(expected());
      assertThat(client.metrics().droppedUnmatched()).isZero();
    }
  }

  @Test
  void aSubscriptionMadeRightAfterConnectStillGetsThem(
      MosquittoBroker broker, RecordingHandler received) {
    queueWhileAway(broker, "resume-after", "resume/after/#", "resume/after/x");
    try (MqttClient client = persistent(broker, "resume-after").build()) {
      client.connect(); // the queued messages may arrive before the next line runs
      client.subscribe("resume/after/#", 1, received);
      assertThat(payloads(received.awaitCount(QUEUED, WAIT)))
          .containsExactlyInAnyOrderElementsOf(expected());
      assertThat(client.metrics().droppedUnmatched()).isZero();
    }
  }

  @Test
  void subscribingBeforeConnectNeedsNoBrokerYet(MosquittoBroker broker, RecordingHandler received) {
    broker.stop();
    try (MqttClient client =
        broker.passwordClient("alice").publishTimeout(Duration.ofSeconds(1)).build()) {
      // With the broker down, a SUBSCRIBE sent now would fail after the publish timeout.
      assertThat(client.subscribe("resume/early", 1, received)).isEqualTo(1);
      client.subscribe("resume/gone", 1, received);
      client.unsubscribe("resume/gone"); // before connect: never sent
      broker.start();
      client.connect();
      client.publish("resume/gone", "not for us", 1, false);
      client.publish("resume/early", "hello", 1, false);
      assertThat(received.take(WAIT).payloadAsString()).isEqualTo("hello");
    }
  }

  @Test
  void messagesNoSubscriptionTakesAreDroppedAfterAWhileAndCounted(MosquittoBroker broker) {
    queueWhileAway(broker, "resume-nobody", "resume/nobody/#", "resume/nobody/x");
    try (LogLines log = new LogLines();
        MqttClient client = persistent(broker, "resume-nobody").build()) {
      client.connect();
      await().atMost(WAIT).until(() -> client.metrics().droppedUnmatched() == QUEUED);
      assertThat(log.containing("no subscription of this client took", "resume/nobody/x"))
          .isNotEmpty();
    }
  }

  private static List<String> expected() {
    return java.util.stream.IntStream.range(0, QUEUED).mapToObj(i -> "m" + i).toList();
  }

  private static List<String> payloads(List<Message> messages) {
    return messages.stream().map(Message::payloadAsString).toList();
  }
}
