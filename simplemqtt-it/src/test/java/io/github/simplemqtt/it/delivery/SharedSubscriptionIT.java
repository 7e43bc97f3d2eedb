package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MessageHandler;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shared subscriptions ({@code $share/group/filter}): the broker splits the messages among the
 * group's members, and each member's handler gets its share.
 */
class SharedSubscriptionIT {
  private static final int MESSAGES = 200;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().anonymous(true).withoutTls().build();

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void twoMembersOfOneGroupSplitTheMessagesBesideAPlainSubscriber(
      MqttVersion version, MosquittoBroker broker) {
    String topics = "shared/" + version;
    Payloads first = new Payloads();
    Payloads second = new Payloads();
    Payloads plain = new Payloads();
    try (MqttClient a = broker.anonymousClient().mqttVersion(version).build();
        MqttClient b = broker.anonymousClient().mqttVersion(version).build();
        MqttClient c = broker.anonymousClient().mqttVersion(version).build();
        MqttClient publisher = broker.anonymousClient().mqttVersion(version).build()) {
      a.connect();
      b.connect();
      c.connect();
      publisher.connect();
      a.subscribe("$share/group/" + topics + "/#", 1, first);
      b.subscribe("$share/group/" + topics + "/#", 1, second);
      c.subscribe(topics + "/#", 1, plain);

      for (int i = 0; i < MESSAGES; i++) {
        publisher.publish(topics + "/seq", Integer.toString(i), 1, false);
      }

      await()
          .atMost(WAIT)
          .until(() -> first.size() + second.size() >= MESSAGES && plain.size() >= MESSAGES);
      Set<String> all = IntStream.range(0, MESSAGES).mapToObj(Integer::toString).collect(toSet());
      assertThat(first.received()).as("first member's share").isNotEmpty().doesNotHaveDuplicates();
      assertThat(second.received())
          .as("second member's share")
          .isNotEmpty()
          .doesNotHaveDuplicates();
      assertThat(first.received()).doesNotContainAnyElementsOf(second.received());
      Set<String> union = new HashSet<>(first.received());
      union.addAll(second.received());
      assertThat(union).isEqualTo(all);
      assertThat(plain.received()).hasSize(MESSAGES).doesNotHaveDuplicates();
      assertThat(new HashSet<>(plain.received())).isEqualTo(all);
    }
  }

  /**
   * MQTT 5: the broker sends one copy per plain subscription and one more when it picks this client
   * for the group; each handler gets exactly its own. (On 3.1.1 Mosquitto sends one copy in all, so
   * the shared handler of such a client also sees the messages of the other members: see the next
   * test.)
   */
  @ParameterizedTest
  @EnumSource(value = MqttVersion.class, names = "V5")
  void aClientWithASharedAndAPlainSubscriptionOnTheSameTopicsGetsEachOncePerSubscription(
      MqttVersion version, MosquittoBroker broker) {
    String topics = "overlap/" + version;
    Payloads shared = new Payloads();
    Payloads plain = new Payloads();
    Payloads otherMember = new Payloads();
    try (MqttClient both = broker.anonymousClient().mqttVersion(version).build();
        MqttClient other = broker.anonymousClient().mqttVersion(version).build();
        MqttClient publisher = broker.anonymousClient().mqttVersion(version).build()) {
      both.connect();
      other.connect();
      publisher.connect();
      both.subscribe("$share/overlap/" + topics + "/#", 1, shared);
      both.subscribe(topics + "/#", 1, plain);
      other.subscribe("$share/overlap/" + topics + "/#", 1, otherMember);

      for (int i = 0; i < MESSAGES; i++) {
        publisher.publish(topics + "/seq", Integer.toString(i), 1, false);
      }
      // The broker keeps one publisher's order: once the end has arrived, every copy has.
      publisher.publish(topics + "/end", "end", 1, false);

      await().atMost(WAIT).until(() -> plain.received().contains("end"));
      await()
          .atMost(WAIT)
          .until(() -> shared.received().contains("end") || otherMember.received().contains("end"));
      shared.remove("end");
      otherMember.remove("end");
      plain.remove("end");
      Set<String> all = IntStream.range(0, MESSAGES).mapToObj(Integer::toString).collect(toSet());
      assertThat(plain.received()).hasSize(MESSAGES).doesNotHaveDuplicates();
      assertThat(new HashSet<>(plain.received())).isEqualTo(all);
      assertThat(shared.received()).doesNotHaveDuplicates();
      assertThat(shared.received()).doesNotContainAnyElementsOf(otherMember.received());
      assertThat(shared.size() + otherMember.size()).isEqualTo(MESSAGES);
    }
  }

  /**
   * MQTT 3.1.1: Mosquitto sends a client with a shared and a plain subscription on the same topics
   * one copy in all, so whether the group picked it cannot be told; nothing is lost, and the shared
   * handler gets every message (a superset of its share).
   */
  @Test
  void onMqtt311ASharedAndAPlainSubscriptionOfOneClientLoseNothing(MosquittoBroker broker) {
    String topics = "overlap311";
    Payloads shared = new Payloads();
    Payloads plain = new Payloads();
    Payloads otherMember = new Payloads();
    try (MqttClient both = broker.anonymousClient().mqttVersion(MqttVersion.V3_1_1).build();
        MqttClient other = broker.anonymousClient().mqttVersion(MqttVersion.V3_1_1).build();
        MqttClient publisher = broker.anonymousClient().build()) {
      both.connect();
      other.connect();
      publisher.connect();
      both.subscribe("$share/overlap311/" + topics + "/#", 1, shared);
      both.subscribe(topics + "/#", 1, plain);
      other.subscribe("$share/overlap311/" + topics + "/#", 1, otherMember);

      for (int i = 0; i < MESSAGES; i++) {
        publisher.publish(topics + "/seq", Integer.toString(i), 1, false);
      }
      publisher.publish(topics + "/end", "end", 1, false);

      await().atMost(WAIT).until(() -> plain.received().contains("end"));
      await()
          .atMost(WAIT)
          .until(() -> shared.received().contains("end") || otherMember.received().contains("end"));
      Set<String> all = IntStream.range(0, MESSAGES).mapToObj(Integer::toString).collect(toSet());
      all.add("end");
      assertThat(plain.received()).hasSize(MESSAGES + 1).doesNotHaveDuplicates();
      assertThat(new HashSet<>(plain.received())).isEqualTo(all);
      assertThat(shared.received()).doesNotHaveDuplicates();
      Set<String> union = new HashSet<>(shared.received());
      union.addAll(otherMember.received());
      assertThat(union).isEqualTo(all);
    }
  }

  private static java.util.stream.Collector<String, ?, Set<String>> toSet() {
    return Collectors.toSet();
  }

  /** Records payloads as they arrive. */
  static final class Payloads implements MessageHandler {
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
      received.add(message.payloadAsString());
    }

    int size() {
      return received.size();
    }

    void remove(String payload) {
      received.remove(payload);
    }

    List<String> received() {
      return List.copyOf(received);
    }
  }
}
