package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R3: the proxy holds every byte for 5 s without resetting anything, 3 times, while QoS 2 messages
 * flow; keep-alive is 2 s. Each client sees the connection is dead within 2 x keep-alive + 1 s, and
 * nothing is lost or duplicated.
 */
class SilentPartitionIT {
  static final int MESSAGES = 6_000;
  static final int PARTITIONS = 3;
  static final Duration KEEP_ALIVE = Duration.ofSeconds(2);
  static final Duration HOLD = Duration.ofSeconds(5);

  /**
   * HiveMQ's client declares the connection dead at most 2 x keep-alive - 0.2 s after the last
   * traffic; the rest is for the listener to be told on a loaded machine. The earlier bound, 1.5 x
   * keep-alive + 1 s, left 0.2 s for that, and a run at load average 12 took 4,046 ms.
   */
  static final long DETECTION_BOUND_MS = KEEP_ALIVE.toMillis() * 2 + 1_000;

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void deadConnectionIsDetectedByKeepAliveAndNothingIsLost(MosquittoBroker broker)
      throws Exception {
    Tally tally = new Tally(MESSAGES);
    // Subscribed directly, not through the proxy: tells a stall before the broker from one after.
    Tally witnessed = new Tally(MESSAGES);
    BlockingQueue<Long> subscriberLost = new LinkedBlockingQueue<>();
    BlockingQueue<Long> publisherLost = new LinkedBlockingQueue<>();
    try (MqttClient witness = broker.passwordClient("alice").clientId("r3-witness").build();
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient subscriber =
            NetworkCutIT.client(broker, proxy, "r3-sub")
                .keepAlive(KEEP_ALIVE)
                .connectionListener(lossTimes(subscriberLost))
                .build();
        MqttClient publisher =
            NetworkCutIT.client(broker, proxy, "r3-pub")
                .keepAlive(KEEP_ALIVE)
                .connectionListener(lossTimes(publisherLost))
                .build()) {
      witness.connect();
      witness.subscribe("r3/seq", 2, witnessed);
      subscriber.connect();
      subscriber.subscribe("r3/seq", 2, tally);
      publisher.connect();
      Flow flow = new Flow(publisher, "r3/seq", 2, MESSAGES).start();

      List<Long> detectedMs = new ArrayList<>();
      List<Long> resumeMs = new ArrayList<>();
      for (int partition = 1; partition <= PARTITIONS; partition++) {
        int threshold = partition * MESSAGES / (PARTITIONS + 1);
        assertThat(tally.awaitDistinct(threshold, Duration.ofSeconds(30)))
            .as("%d messages delivered before partition %d", threshold, partition)
            .isTrue();
        subscriberLost.clear();
        publisherLost.clear();
        long frozen = System.nanoTime();
        proxy.freeze();
        Long subscriberSaw = subscriberLost.poll(HOLD.toMillis(), TimeUnit.MILLISECONDS);
        Long publisherSaw = publisherLost.poll(HOLD.toMillis(), TimeUnit.MILLISECONDS);
        long thawAt = frozen + HOLD.toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, thawAt - System.nanoTime())); // the fault's length
        proxy.thaw();
        long thawed = System.nanoTime();
        assertThat(subscriberSaw).as("subscriber saw partition %d", partition).isNotNull();
        assertThat(publisherSaw).as("publisher saw partition %d", partition).isNotNull();
        detectedMs.add(TimeUnit.NANOSECONDS.toMillis(subscriberSaw - frozen));
        detectedMs.add(TimeUnit.NANOSECONDS.toMillis(publisherSaw - frozen));
        long back = tally.awaitArrivalAfter(thawed, Duration.ofSeconds(10));
        if (back < 0 && tally.distinct() == MESSAGES) {
          continue; // everything arrived before the thaw: nothing was left to resume
        }
        assertThat(back)
            .as(
                "delivery resumed within 10 s after partition %d; got %d, the direct witness %d,"
                    + " publisher acknowledged %d; subscriber %s; publisher %s",
                partition,
                tally.distinct(),
                witnessed.distinct(),
                flow.acknowledged(),
                subscriber.metrics(),
                publisher.metrics())
            .isPositive();
        resumeMs.add(TimeUnit.NANOSECONDS.toMillis(back - thawed));
      }

      boolean sent = flow.awaitCompleted(Duration.ofSeconds(60));
      boolean complete = tally.awaitAll(Duration.ofSeconds(30));
      witnessed.awaitAll(Duration.ofSeconds(complete ? 10 : 1));
      Figures.of("R3", "SilentPartitionIT")
          .put("sent", MESSAGES)
          .put("acknowledged", flow.acknowledged())
          .put("received", tally.received())
          .put("lost", tally.lost())
          .put("duplicated", tally.duplicates())
          .put("lost before the broker (direct witness)", witnessed.lost())
          .put("partitions", PARTITIONS + " x 5 s, keep-alive 2 s")
          .put("detected after ms (bound " + DETECTION_BOUND_MS + ")", detectedMs)
          .put("delivery resumed ms after the partition ended", resumeMs)
          .write();

      assertThat(detectedMs).allSatisfy(ms -> assertThat(ms).isLessThan(DETECTION_BOUND_MS));
      assertThat(sent).as("every publish future completed").isTrue();
      assertThat(flow.failed()).as("failed publishes: %s", flow.firstFailure()).isZero();
      assertThat(complete).as("all delivered; first missing: %s", tally.missingSample()).isTrue();
      assertThat(tally.duplicates()).isZero();
      assertThat(resumeMs).allSatisfy(ms -> assertThat(ms).isLessThan(10_000));
    }
  }

  private static ConnectionListener lossTimes(BlockingQueue<Long> times) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {}

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        times.add(System.nanoTime());
      }
    };
  }
}
