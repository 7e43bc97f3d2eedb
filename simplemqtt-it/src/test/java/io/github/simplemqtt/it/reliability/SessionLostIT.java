package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R6: the broker is killed before it saved anything (it saves every 5 minutes) and comes back
 * without the sessions. The application is told the session was not resumed, the subscription is
 * restored without user code, and the in-flight policy holds: every message the broker had not
 * acknowledged is sent again and arrives; only messages it had acknowledged and then lost with its
 * memory can be missing.
 */
class SessionLostIT {
  static final int MESSAGES = 4_000;

  @RegisterExtension
  MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void lostSessionIsReportedAndRestored(MosquittoBroker broker) throws Exception {
    Tally tally = new Tally(MESSAGES);
    BlockingQueue<Boolean> subscriberSessions = new LinkedBlockingQueue<>();
    BlockingQueue<Boolean> publisherSessions = new LinkedBlockingQueue<>();
    BlockingQueue<MqttClientException> publisherDrops = new LinkedBlockingQueue<>();
    // The broker forgot the subscription too, so a message re-sent before the subscriber is back
    // reaches nobody. The publisher therefore comes through a proxy that lets it back only once
    // the subscriber has its subscription again (longer reconnect delays alone lost 4 messages
    // once under load: the publisher's timer can fire first).
    try (FaultProxy publisherPath = FaultProxy.start(broker.host(), broker.port());
        MqttClient subscriber =
            client(broker, "r6-sub")
                .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                .connectionListener(sessions(subscriberSessions, new LinkedBlockingQueue<>()))
                .build();
        MqttClient publisher =
            client(broker, "r6-pub")
                .broker(publisherPath.host(), publisherPath.port())
                .reconnectDelay(Duration.ofMillis(100), Duration.ofSeconds(1))
                .connectionListener(sessions(publisherSessions, publisherDrops))
                .build()) {
      subscriber.connect();
      subscriber.subscribe("r6/seq", 1, tally);
      publisher.connect();
      assertThat(subscriberSessions.poll(5, TimeUnit.SECONDS)).isFalse(); // the first connect
      assertThat(publisherSessions.poll(5, TimeUnit.SECONDS)).isFalse();

      Flow flow = new Flow(publisher, "r6/seq", 1, MESSAGES).start();
      assertThat(tally.awaitDistinct(MESSAGES / 3, Duration.ofSeconds(30))).isTrue();
      publisherPath.refuseNewConnections(true);
      broker.kill();
      // A PUBACK read before the kill completes its future on the common pool, which under load
      // runs late (4 acknowledged messages were once counted as unacknowledged): once the
      // publisher has seen its connection drop, every PUBACK it read has been handed over, and
      // the quiescent pool has run them.
      assertThat(publisherDrops.poll(15, TimeUnit.SECONDS)).isNotNull();
      assertThat(ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS)).isTrue();
      BitSet ackedBeforeCrash = flow.ackedSoFar();
      broker.start();
      long restarted = System.nanoTime();

      Boolean subscriberResumed = subscriberSessions.poll(15, TimeUnit.SECONDS);
      publisherPath.refuseNewConnections(false);
      Boolean publisherResumed = publisherSessions.poll(15, TimeUnit.SECONDS);
      long back = tally.awaitArrivalAfter(restarted, Duration.ofSeconds(10));
      boolean sent = flow.awaitCompleted(Duration.ofSeconds(60));
      BitSet notAcknowledged = new BitSet();
      notAcknowledged.set(0, MESSAGES);
      notAcknowledged.andNot(ackedBeforeCrash);
      // Give the re-sent messages time to arrive: wait for every one not acknowledged at the crash.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (tally.lostAmong(notAcknowledged) > 0 && System.nanoTime() < deadline) {
        tally.awaitArrivalAfter(System.nanoTime(), Duration.ofMillis(500));
      }

      Figures.of("R6", "SessionLostIT")
          .put("sent", MESSAGES)
          .put("acknowledged before the crash", ackedBeforeCrash.cardinality())
          .put("received", tally.received())
          .put("lost of those not yet acknowledged", tally.lostAmong(notAcknowledged))
          .put(
              "lost with the broker's memory (acknowledged, not delivered)",
              tally.lostAmong(ackedBeforeCrash))
          .put("duplicated", tally.duplicates())
          .put("told session resumed", subscriberResumed + "/" + publisherResumed)
          .put("delivery resumed ms after restart", TimeUnit.NANOSECONDS.toMillis(back - restarted))
          .write();

      assertThat(subscriberResumed).as("subscriber told of the new session").isFalse();
      assertThat(publisherResumed).as("publisher told of the new session").isFalse();
      assertThat(back).as("the subscription delivers again without user code").isPositive();
      assertThat(sent).as("every publish future completed").isTrue();
      assertThat(flow.failed()).as("failed publishes: %s", flow.firstFailure()).isZero();
      assertThat(tally.lostAmong(notAcknowledged))
          .as("messages not acknowledged at the crash are sent again")
          .isZero();
    }
  }

  private static MqttClient.Builder client(MosquittoBroker broker, String clientId) {
    return broker
        .passwordClient("alice")
        .clientId(clientId)
        .cleanStart(false)
        .maxPendingPublishes(500);
  }

  private static ConnectionListener sessions(
      BlockingQueue<Boolean> resumed, BlockingQueue<MqttClientException> drops) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {
        resumed.add(sessionResumed);
      }

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        drops.add(cause);
      }
    };
  }
}
