package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.Message;
import io.github.simplemqtt.client.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxTest {
  private static ClientConfig config() {
    return new ClientConfig(
        List.of(new Servers.Server("127.0.0.1", 1883)),
        "inbox-test",
        false,
        null,
        null,
        null,
        MqttVersion.V5,
        Duration.ofSeconds(60),
        false,
        Duration.ofHours(1),
        null,
        Duration.ofSeconds(10),
        true,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        1_000,
        1_000,
        false,
        Runnable::run,
        List.of(),
        1 << 20,
        65_535,
        false);
  }

  private static Inbox inbox() {
    return new Inbox(config(), new Counters(), Runnable::run, () -> false, () -> false);
  }

  private static Message message(String topic) {
    return new Message(topic, "x".getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Test
  void aHeldMessageGoesToTheSubscriptionThatArrivesAndIsAcknowledgedOnce() {
    Inbox inbox = inbox();
    AtomicInteger acks = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    inbox.route(message("held/a"), acks::incrementAndGet);
    inbox.route(message("other/b"), acks::incrementAndGet);
    assertThat(acks).hasValue(0);

    inbox.addAndRedeliverHeld(inbox.new Subscription("held/#", m -> handled.incrementAndGet()));

    assertThat(handled).hasValue(1);
    assertThat(acks).hasValue(1);
  }

  /**
   * A message routed while a subscription is being added either finds the subscription or is held
   * and handed to it: never held after the subscription took what was held.
   */
  @Test
  void aMessageArrivingWhileItsSubscriptionIsAddedIsNeverLeftHeld() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      Inbox inbox = inbox();
      CountDownLatch handled = new CountDownLatch(1);
      CyclicBarrier start = new CyclicBarrier(2);
      Thread network =
          new Thread(
              () -> {
                await(start);
                inbox.route(message("race/x"), () -> {});
              });
      network.start();
      await(start);
      inbox.addAndRedeliverHeld(inbox.new Subscription("race/#", m -> handled.countDown()));
      network.join();
      assertThat(handled.await(0, TimeUnit.SECONDS)).as("round %d", round).isTrue();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
