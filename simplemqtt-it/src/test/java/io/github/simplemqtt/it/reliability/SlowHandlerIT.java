package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R7: a handler that blocks for seconds does not stall another subscription, keep-alive or the
 * client's own acknowledgements; and when messages pile up for it, the client's memory stays
 * bounded because the broker holds them back (flow control), and none is lost.
 */
class SlowHandlerIT {
  static final int QUEUE_BOUND = 100;
  static final int FLOOD = 3_000;
  static final int FLOOD_SIZE = 4_096;
  static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void slowHandlerHoldsUpOnlyItselfAndMemoryStaysBounded(MosquittoBroker broker) throws Exception {
    int slowTotal = 1 + 50 + FLOOD;
    Tally slow = new Tally(slowTotal);
    Tally fast = new Tally(200);
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger disconnects = new AtomicInteger();
    try (MqttClient subscriber =
            broker
                .passwordClient("alice")
                .keepAlive(KEEP_ALIVE)
                .maxQueuedPerSubscription(QUEUE_BOUND)
                .connectionListener(countDisconnects(disconnects))
                .build();
        MqttClient publisher = broker.passwordClient("alice").build()) {
      subscriber.connect();
      subscriber.subscribe(
          "slow/#",
          1,
          message -> {
            if (blocked.getCount() > 0) {
              blocked.countDown();
              await(release); // the slow handler: blocks for seconds
            }
            slow.onMessage(message);
          });
      subscriber.subscribe("fast/#", 1, fast);
      publisher.connect();

      publisher.publish("slow/seq", Tally.payload(0), 1, false);
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
      long blockedAt = System.nanoTime();

      // Within the bound, the other subscription and the client's own publishes carry on.
      for (int i = 1; i <= 50; i++) {
        publisher.publishAsync("slow/seq", Tally.payload(i), 1, false);
      }
      long fastStart = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        publisher.publishAsync("fast/seq", Tally.payload(i), 1, false);
      }
      assertThat(fast.awaitAll(Duration.ofSeconds(10))).as("fast subscription flows").isTrue();
      long fastMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fastStart);
      long ownStart = System.nanoTime();
      subscriber.publish("elsewhere/own", "acknowledged while a handler blocks", 1, false);
      long ownAckMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ownStart);

      // Far beyond the bound: the broker must hold the messages, not the client's heap.
      long heapBefore = usedHeap();
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (int i = 51; i < slowTotal; i++) {
        acks.add(publisher.publishAsync("slow/seq", Tally.payload(i, FLOOD_SIZE), 1, false));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      // Keep the handler blocked for at least three keep-alive periods in all.
      long keepAliveWindow = blockedAt + KEEP_ALIVE.multipliedBy(3).toNanos() - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, keepAliveWindow));
      long heapGrowth = usedHeap() - heapBefore;
      long blockedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blockedAt);
      boolean stillConnected = subscriber.isConnected();
      release.countDown();

      boolean allSlow = slow.awaitAll(Duration.ofSeconds(60));
      long floodBytes = (long) FLOOD * FLOOD_SIZE;
      Figures.of("R7", "SlowHandlerIT")
          .put("handler blocked ms", blockedMs)
          .put("other subscription got 200 in ms", fastMs)
          .put("own QoS 1 publish acknowledged in ms", ownAckMs)
          .put("disconnects", disconnects.get())
          .put("flood MB", floodBytes / 1_000_000)
          .put("heap growth MB (queue bound " + QUEUE_BOUND + ")", heapGrowth / 1_000_000)
          .put("slow handler received", slow.distinct() + "/" + slowTotal)
          .put("lost", slow.lost())
          .write();

      assertThat(stillConnected).isTrue();
      assertThat(disconnects.get()).as("keep-alive held while the handler blocked").isZero();
      assertThat(ownAckMs).isLessThan(5_000);
      assertThat(heapGrowth)
          .as("heap growth for %d bytes queued", floodBytes)
          .isLessThan(floodBytes / 2);
      assertThat(allSlow).as("slow handler got all; missing %s", slow.missingSample()).isTrue();
      assertThat(slow.duplicates()).isZero();
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ConnectionListener countDisconnects(AtomicInteger count) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {}

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        count.incrementAndGet();
      }
    };
  }
}
