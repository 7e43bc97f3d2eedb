package io.github.simplemqtt.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.MessageProperties;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.SubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The outbox against a protocol whose answers the test gives: no network, no broker. */
class OutboxTest {
  private final HeldPublishes protocol = new HeldPublishes();
  private final Counters counters = new Counters();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Outbox outbox(int maxPending, Duration publishTimeout, boolean republishRecent) {
    return new Outbox(
        protocol,
        new Failures(
            new Servers(java.util.List.of(new Servers.Server("broker.test", 1883))),
            false,
            Duration.ofSeconds(5)),
        counters,
        new Outbox.Limits("outbox-test", maxPending, publishTimeout, republishRecent),
        closed::get);
  }

  private static CompletableFuture<Void> offer(Outbox outbox, int number, int qos) {
    return outbox.offer(
        "t", bytes(number), qos, false, MessageProperties.NONE, false, /* owned= */ false);
  }

  private static byte[] bytes(int number) {
    return Integer.toString(number).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void publishesGoOutInOrderAndAtMostMaxHandedAtOnce() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    for (int i = 0; i < Outbox.MAX_HANDED + 10; i++) {
      offer(outbox, i, 1);
    }

    assertThat(protocol.sentNumbers()).hasSize(Outbox.MAX_HANDED);
    protocol.answer(0, null);
    protocol.answer(1, null);

    assertThat(protocol.sentNumbers()).hasSize(Outbox.MAX_HANDED + 2);
    for (int i = 0; i < protocol.sent.size(); i++) {
      assertThat(protocol.sentNumbers().get(i)).isEqualTo(i);
    }
  }

  /**
   * The in-flight list is linked through the publishes: an answered one must leave it wherever it
   * stands (first, in the middle, last), or the list and its payloads would grow for the client's
   * life.
   */
  @Test
  void answeredPublishesLeaveTheInFlightListFromAnyPlaceInIt() {
    Outbox outbox = outbox(100, Duration.ofSeconds(1), false);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(offer(outbox, i, 1));
    }
    assertThat(outbox.inFlightCount()).isEqualTo(5);

    protocol.answer(2, null);
    protocol.answer(0, null);
    protocol.answer(4, new IllegalStateException("the broker went away"));
    assertThat(outbox.inFlightCount()).isEqualTo(2);
    protocol.answer(3, null);
    protocol.answer(1, null);

    assertThat(outbox.inFlightCount()).isZero();
    outbox.close(); // nothing left to fail: every future ended as the broker answered
    assertThat(futures.get(4)).failsWithin(Duration.ofSeconds(5)); // ends on the common pool
    assertThat(futures.subList(0, 4))
        .allSatisfy(future -> assertThat(future).succeedsWithin(Duration.ofSeconds(5)));
  }

  @Test
  void theCallersFutureEndsAsTheBrokerAnswered() throws Exception {
    Outbox outbox = outbox(10, Duration.ofSeconds(1), false);
    CompletableFuture<Void> acknowledged = offer(outbox, 1, 1);
    CompletableFuture<Void> failed = offer(outbox, 2, 1);
    assertThat(acknowledged).isNotDone();

    protocol.answer(0, null);
    protocol.answer(1, new IllegalStateException("the broker went away"));

    acknowledged.get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(MqttClientException.class)
        .hasMessageContaining("'t'");
  }

  @Test
  void aFutureSomeoneWaitsOnEndsOnTheAnsweringThreadAndIsCounted() {
    Outbox outbox = outbox(10, Duration.ofSeconds(1), false);
    CompletableFuture<Void> acknowledged =
        outbox.offer("t", bytes(1), 1, false, MessageProperties.NONE, true, false);
    CompletableFuture<Void> failed =
        outbox.offer("t", bytes(2), 1, false, MessageProperties.NONE, true, false);

    protocol.answer(0, null);
    protocol.answer(1, new IllegalStateException("the broker went away"));

    assertThat(acknowledged).isCompleted();
    assertThat(failed).isCompletedExceptionally();
    assertThat(counters.get(Counters.Count.PUBLISHED)).isEqualTo(2);
    assertThat(counters.get(Counters.Count.ACKNOWLEDGED)).isEqualTo(1);
    assertThat(counters.get(Counters.Count.FAILED)).isEqualTo(1);
  }

  @Test
  void pastMaxPendingAPublishFailsInWordsAfterThePublishTimeout() {
    Outbox outbox = outbox(2, Duration.ofMillis(50), false);
    offer(outbox, 1, 1);
    offer(outbox, 2, 1);

    CompletableFuture<Void> third = offer(outbox, 3, 1);

    assertThat(third).isCompletedExceptionally();
    assertThatThrownBy(third::join)
        .cause()
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("2 messages are already waiting for the broker at broker.test:1883")
        .hasMessageContaining("raise maxPendingPublishes");
    assertThat(protocol.sent).hasSize(2);
  }

  @Test
  void anAnswerFreesRoomForTheNextPublish() {
    Outbox outbox = outbox(1, Duration.ofMillis(50), false);
    offer(outbox, 1, 1);
    protocol.answer(0, null);

    CompletableFuture<Void> second = offer(outbox, 2, 1);

    assertThat(second).isNotDone();
    assertThat(protocol.sentNumbers()).containsExactly(1, 2);
  }

  @Test
  void closeFailsWhatWasNotSentAndWhatWasNotAcknowledged() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < Outbox.MAX_HANDED + 2; i++) {
      futures.add(offer(outbox, i, 1));
    }

    closed.set(true);
    outbox.close();

    assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
    assertThatThrownBy(futures.get(0)::join)
        .cause()
        .hasMessage(
            "The client outbox-test was closed before the broker acknowledged the message to"
                + " 't'.");
    assertThatThrownBy(futures.get(Outbox.MAX_HANDED)::join)
        .cause()
        .hasMessage("The client outbox-test was closed before the message to 't' was sent.");
    assertThat(counters.get(Counters.Count.FAILED)).isEqualTo(Outbox.MAX_HANDED + 2);
  }

  @Test
  void aPublishOfferedWhileClosingFailsRatherThanWaits() {
    Outbox outbox = outbox(1, Duration.ofMillis(50), false);
    offer(outbox, 1, 1); // takes the only slot, so the next one stays in the outbox
    closed.set(true);
    outbox.close();

    CompletableFuture<Void> late = offer(outbox, 2, 1);

    assertThat(late).isCompletedExceptionally();
  }

  @Test
  void afterAReconnectTheQos1MessagesAcknowledgedLastGoAgainFirst() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), true);
    offer(outbox, 1, 1);
    offer(outbox, 2, 0); // QoS 0 is never sent twice
    offer(outbox, 3, 1);
    protocol.answer(0, null);
    protocol.answer(1, null);
    protocol.answer(2, null);

    outbox.sessionUp();
    outbox.resume(false);
    assertThat(protocol.sentNumbers()).containsExactly(1, 2, 3);

    outbox.resume(true);
    assertThat(protocol.sentNumbers()).containsExactly(1, 2, 3, 1, 3);

    outbox.resume(true);
    assertThat(protocol.sentNumbers()).as("only once").containsExactly(1, 2, 3, 1, 3);
  }

  @Test
  void withoutRepublishingNothingGoesTwice() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    offer(outbox, 1, 1);
    protocol.answer(0, null);

    outbox.resume(true);

    assertThat(protocol.sentNumbers()).containsExactly(1);
  }

  @Test
  void aQos2PublishSentBeforeTwoClosesIsRefusedWithWhatToDoApart() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    CompletableFuture<Void> qos2 = offer(outbox, 1, 2);
    long connectedAt = System.nanoTime();
    IllegalStateException closedByBroker = new IllegalStateException("connection closed");

    assertThat(outbox.refuseSentBeforeTwoCloses(closedByBroker, connectedAt)).isFalse();
    assertThat(outbox.refuseSentBeforeTwoCloses(closedByBroker, connectedAt)).isTrue();

    assertThatThrownBy(() -> qos2.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            BrokerRefusedException.class,
            e -> {
              assertThat(e.what())
                  .startsWith("The broker at ")
                  .endsWith(
                      " closed the connection twice right after this publish to 't' (QoS 2, 1"
                          + " bytes); some brokers accept only QoS 0 and 1 (NATS among them) and"
                          + " close the connection on a QoS 2 publish");
              assertThat(e.fix()).contains("publish at QoS 1 there.");
              assertThat(e.getMessage()).isEqualTo(e.what() + "; publish at QoS 1 there.");
              assertThat(e.reasonCode()).isEqualTo(0x80);
            });
  }

  @Test
  void aPublishSentBeforeTwoClosesIsRefusedAndTheRestWaitForAFreshSession() throws Exception {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    CompletableFuture<Void> tooLarge = offer(outbox, 1, 1);
    CompletableFuture<Void> next = offer(outbox, 2, 1);
    long connectedAt = System.nanoTime();
    IllegalStateException closedByBroker = new IllegalStateException("connection closed");

    assertThat(outbox.refuseSentBeforeTwoCloses(closedByBroker, connectedAt)).isFalse();
    assertThat(outbox.droppingSession()).isFalse();
    assertThat(outbox.refuseSentBeforeTwoCloses(closedByBroker, connectedAt)).isTrue();

    assertThat(outbox.droppingSession()).isTrue();
    assertThatThrownBy(() -> tooLarge.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(BrokerRefusedException.class)
        .hasMessageContaining("closed the connection twice right after this publish to 't'")
        .satisfies(e -> assertThat(((BrokerRefusedException) e).reasonCode()).isEqualTo(0x80));

    // HiveMQ drops its session and gives back what it held: kept, not failed.
    MqttSessionExpiredException dropped =
        new MqttSessionExpiredException("session dropped", new RuntimeException());
    protocol.answer(0, dropped);
    protocol.answer(1, dropped);
    CompletableFuture<Void> meanwhile = offer(outbox, 3, 1);
    assertThat(next).isNotDone();
    assertThat(protocol.sentNumbers()).as("nothing new while dropping").containsExactly(1, 2);

    outbox.sessionUp();
    outbox.resume(true);

    assertThat(outbox.droppingSession()).isFalse();
    assertThat(protocol.sentNumbers()).containsExactly(1, 2, 2, 3);
    protocol.answer(2, null);
    protocol.answer(3, null);
    next.get(5, TimeUnit.SECONDS);
    meanwhile.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aKeepAliveTimeoutIsNotTheBrokerRefusingAPublish() {
    Outbox outbox = outbox(1_000, Duration.ofSeconds(1), false);
    offer(outbox, 1, 1);
    IllegalStateException timeout = new IllegalStateException("Timeout while waiting for PINGRESP");

    assertThat(outbox.refuseSentBeforeTwoCloses(timeout, System.nanoTime())).isFalse();
    assertThat(outbox.refuseSentBeforeTwoCloses(timeout, System.nanoTime())).isFalse();
    assertThat(outbox.droppingSession()).isFalse();
  }

  /** Publishes handed over, each answered when the test says so. */
  private static final class HeldPublishes implements Protocol {
    final List<byte[]> sent = new ArrayList<>();
    final List<CompletableFuture<Void>> answers = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> publish(
        String topic, byte[] payload, int qos, boolean retain, MessageProperties properties) {
      CompletableFuture<Void> answer = new CompletableFuture<>();
      sent.add(payload);
      answers.add(answer);
      return answer;
    }

    void answer(int index, Throwable failure) {
      CompletableFuture<Void> answer;
      synchronized (this) {
        answer = answers.get(index);
      }
      if (failure == null) {
        answer.complete(null);
      } else {
        answer.completeExceptionally(failure);
      }
    }

    synchronized List<Integer> sentNumbers() {
      return sent.stream()
          .map(payload -> Integer.parseInt(new String(payload, StandardCharsets.UTF_8)))
          .toList();
    }

    @Override
    public CompletableFuture<Boolean> connect() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Integer> subscribe(String filter, SubscribeOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String filter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void closing() {}

    @Override
    public CompletableFuture<Void> disconnect(boolean keepSession) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean copiesPerSubscription() {
      return true;
    }
  }
}
