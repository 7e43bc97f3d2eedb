package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R2: while 20,000 QoS 2 messages flow, the proxy between the clients and the broker resets every
 * connection and refuses new ones for 5 s, 5 times. Nothing is lost and the handler sees no
 * duplicate.
 */
class NetworkCutIT {
  static final int MESSAGES = 20_000;
  static final int CUTS = 5;
  static final Duration REFUSAL = Duration.ofSeconds(5);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void resetConnectionsLoseAndDuplicateNothingAtQos2(MosquittoBroker broker) throws Exception {
    Tally tally = new Tally(MESSAGES);
    // A witness subscribed directly, not through the proxy, tells where a lost message was lost:
    // before the broker (the publisher's side) or after it (the subscriber's).
    Tally witnessed = new Tally(MESSAGES);
    try (MqttClient witness = broker.passwordClient("alice").clientId("r2-witness").build();
        FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient subscriber = client(broker, proxy, "r2-sub").build();
        MqttClient publisher = client(broker, proxy, "r2-pub").build()) {
      witness.connect();
      witness.subscribe("r2/seq", 2, witnessed);
      subscriber.connect();
      subscriber.subscribe("r2/seq", 2, tally);
      publisher.connect();
      Flow flow = new Flow(publisher, "r2/seq", 2, MESSAGES).aheadOfAtMost(5_000, tally).start();

      List<Long> resumeMs = new ArrayList<>();
      for (int cut = 1; cut <= CUTS; cut++) {
        int threshold = cut * MESSAGES / (CUTS + 1);
        // Generous: on a machine loaded far beyond two CPU hogs, the subscriber's QoS 2 flow (four
        // packets a message, 20 in flight, through the proxy) once made 1,400 messages in 30 s.
        assertThat(tally.awaitDistinct(threshold, Duration.ofSeconds(90)))
            .as(
                "%d messages delivered before cut %d; got %d, publisher acknowledged %d, failed %d (%s)",
                threshold,
                cut,
                tally.distinct(),
                flow.acknowledged(),
                flow.failed(),
                flow.firstFailure())
            .isTrue();
        proxy.refuseNewFor(REFUSAL);
        proxy.resetAll();
        long reopened = System.nanoTime() + REFUSAL.toNanos();
        if (tally.distinct() == MESSAGES) {
          // A fast machine may deliver everything before a late cut: nothing is left to resume.
          continue;
        }
        long back = tally.awaitArrivalAfter(reopened, REFUSAL.plusSeconds(10));
        if (back < 0 && tally.distinct() == MESSAGES) {
          // The last messages were already on their way and arrived before the reopening.
          continue;
        }
        assertThat(back)
            .as(
                "delivery resumed within 10 s after cut %d; got %d, publisher acknowledged %d",
                cut, tally.distinct(), flow.acknowledged())
            .isPositive();
        resumeMs.add(TimeUnit.NANOSECONDS.toMillis(back - reopened));
      }
      assertThat(resumeMs).as("cuts made while messages were still on their way").isNotEmpty();

      boolean sent = flow.awaitCompleted(Duration.ofSeconds(60));
      boolean complete = tally.awaitAll(Duration.ofSeconds(90));
      witnessed.awaitAll(Duration.ofSeconds(complete ? 10 : 1));
      Figures.of("R2", "NetworkCutIT")
          .put("sent", MESSAGES)
          .put("acknowledged", flow.acknowledged())
          .put("received", tally.received())
          .put("lost", tally.lost())
          .put("duplicated", tally.duplicates())
          .put("lost before the broker (direct witness)", witnessed.lost())
          .put("cuts", CUTS + " x (reset + refuse 5 s)")
          .put("delivery resumed ms after reopening", resumeMs)
          .write();

      assertThat(sent).as("every publish future completed").isTrue();
      assertThat(flow.failed()).as("failed publishes: %s", flow.firstFailure()).isZero();
      assertThat(complete)
          .as(
              "all delivered; first missing: %s; subscriber %s, %d open proxy connections",
              tally.missingSample(), subscriber.metrics(), proxy.openConnections())
          .isTrue();
      assertThat(tally.duplicates()).isZero();
      assertThat(resumeMs).allSatisfy(ms -> assertThat(ms).isLessThan(10_000));
    }
  }

  static MqttClient.Builder client(MosquittoBroker broker, FaultProxy proxy, String clientId) {
    return MqttClient.builder()
        .broker(proxy.host(), proxy.port())
        .credentials("alice", broker.password("alice"))
        .clientId(clientId)
        .cleanStart(false)
        .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
        .maxPendingPublishes(1_000);
  }
}
