package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client's own inbox does not drop QoS 0 messages for a handler that keeps up on average, and
 * counts (and reports once) the ones it drops for a handler that is far behind.
 *
 * <p>No timing: the handler stops at the burst's first message until a sentinel, published after
 * the whole burst by the same publisher, has reached another subscription of the same client. The
 * broker keeps one publisher's order, so by then the whole burst has been handed to the inbox.
 */
class Qos0InboxIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().anonymous(true).withoutTls().build();

  @Test
  void aBurstFarBeyondTheOldThousandMessageBoundWaitsAndNoneIsDropped(MosquittoBroker broker)
      throws Exception {
    int burst = 5_000; // the old bound dropped everything past 1,000 waiting messages
    try (LogLines log = new LogLines();
        MqttClient subscriber = broker.anonymousClient().build();
        MqttClient publisher = broker.anonymousClient().build()) {
      Burst received = burst(subscriber, publisher, "keepsup", burst, 64);

      await().atMost(WAIT).until(() -> received.distinct.size() == burst);
      assertThat(received.count.get()).isEqualTo(burst);
      assertThat(subscriber.droppedQos0Messages()).isZero();
      assertThat(log.containing("Dropped", "'keepsup/#'")).isEmpty();
    }
  }

  @Test
  void dropsPastTheByteBoundAreCountedAndWarnedOnceWithTheCount(MosquittoBroker broker)
      throws Exception {
    int burst = 2_000;
    try (LogLines log = new LogLines();
        MqttClient subscriber =
            broker.anonymousClient().maxQueuedBytesPerSubscription(64 * 1024).build();
        MqttClient publisher = broker.anonymousClient().build()) {
      Burst received = burst(subscriber, publisher, "behind", burst, 1024);

      // Every message is either handled or counted as dropped; the bound holds about 57 of them.
      await()
          .atMost(WAIT)
          .until(() -> received.count.get() + subscriber.droppedQos0Messages() == burst);
      long dropped = subscriber.droppedQos0Messages();
      assertThat(dropped).isGreaterThan(burst - 100L);
      assertThat(received.count.get()).isEqualTo(received.distinct.size());
      // One line for the episode, written once the handler has caught up.
      await()
          .atMost(WAIT)
          .until(() -> !log.containing("WARN", "Dropped " + dropped, "'behind/#'").isEmpty());
      assertThat(log.containing("Dropped", "'behind/#'")).hasSize(1);
    }
  }

  private record Burst(AtomicInteger count, Set<String> distinct) {}

  /**
   * Subscribes {@code prefix/#} at QoS 0 with a handler that waits at the first message until the
   * sentinel arrives, then publishes {@code size}-byte messages and the sentinel.
   */
  private static Burst burst(
      MqttClient subscriber, MqttClient publisher, String prefix, int messages, int size)
      throws Exception {
    Burst received = new Burst(new AtomicInteger(), ConcurrentHashMap.newKeySet());
    CountDownLatch sentinel = new CountDownLatch(1);
    subscriber.connect();
    subscriber.subscribe(
        prefix + "/#",
        0,
        message -> {
          if (!sentinel.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the sentinel never arrived");
          }
          received.count.incrementAndGet();
          received.distinct.add(message.payloadAsString().substring(0, 8));
        });
    subscriber.subscribe("sentinel/" + prefix, 0, message -> sentinel.countDown());
    publisher.connect();
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      byte[] payload = new byte[size];
      java.util.Arrays.fill(payload, (byte) '.');
      byte[] number = String.format("%08d", i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      System.arraycopy(number, 0, payload, 0, number.length);
      sent.add(publisher.publishAsync(prefix + "/seq", payload, 0, false));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    publisher.publish("sentinel/" + prefix, "after the burst", 0, false);
    return received;
  }
}
