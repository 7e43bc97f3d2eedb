package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.bridge.BridgeTopic;
import io.github.simplemqtt.broker.bridge.Bridges;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * R10 (issue 18 item 9): an edge broker bridges {@code bridged/#} to a central one, both made by
 * the kit and bridged with {@link Bridges#addTo}. The central is stopped for 30 s; meanwhile the
 * edge acknowledges 1,000 QoS 1 messages, and is itself restarted halfway. Once the central is
 * back, every message reaches a persistent subscriber there: the edge kept them in the bridge's
 * queue and in its database across its restart.
 *
 * <p>Runs concurrently with the other test classes: it spends most of its time waiting.
 */
@Execution(ExecutionMode.CONCURRENT)
class BridgeOutageIT {
  static final Duration OUTAGE = Duration.ofSeconds(30);
  static final int MESSAGES = 1_000;
  static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static MosquittoExtension edge =
      MosquittoExtension.builder().user("pub", "pub-pw").withoutTls().build();

  @RegisterExtension
  static MosquittoExtension central =
      MosquittoExtension.builder()
          .user("sub", "sub-pw")
          .acl(AclRule.forUser("sub", AclAccess.READ, "bridged/#"))
          .build();

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aCentralOutageAndAnEdgeRestartLoseNothingUpToTheQueueLimit() throws Exception {
    MosquittoBroker edgeBroker = edge.broker();
    MosquittoBroker centralBroker = central.broker();
    Bridges bridges = Bridges.of(edgeBroker.directory());
    Bridges.Change added =
        bridges.addTo(
            "site1",
            centralBroker.directory(),
            List.of(BridgeTopic.parse("bridged/# out 1")),
            false);
    assertThat(added.restarted()).as("the running edge was restarted to read the bridge").isTrue();
    assertThat(added.bridge().mqttVersion()).isEqualTo("5");
    assertThat(bridges.queueLimit().messages()).isGreaterThanOrEqualTo(MESSAGES);

    Tally tally = new Tally(MESSAGES);
    RecordingHandler state = new RecordingHandler();
    try (MqttClient subscriber =
            centralBroker
                .passwordClient("sub")
                .clientId("r10-sub")
                .cleanStart(false)
                .reconnectDelay(Duration.ofMillis(250), Duration.ofSeconds(2))
                .build();
        MqttClient watcher = edgeBroker.passwordClient("pub").clientId("r10-watch").build()) {
      subscriber.connect();
      subscriber.subscribe("bridged/#", 1, tally);
      watcher.connect();
      watcher.subscribe(added.bridge().stateTopic(), 1, state);
      awaitState(state, "1");

      long down = System.nanoTime();
      centralBroker.stop();
      awaitState(state, "0");

      publish(edgeBroker, 0, MESSAGES / 2);
      edgeBroker.restart(); // mid-outage: what the edge queued must survive its restart
      long edgeRestarted = System.nanoTime();
      publish(edgeBroker, MESSAGES / 2, MESSAGES);
      assertThat(tally.received()).as("nothing can arrive while the central is down").isZero();

      long left = down + OUTAGE.toNanos() - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, left)); // the outage itself
      long outageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
      centralBroker.start();
      long back = System.nanoTime();
      boolean all = tally.awaitAll(Duration.ofSeconds(60));
      long deliveredMs = TimeUnit.NANOSECONDS.toMillis(tally.lastArrivalNanos() - back);

      Figures.of("R10", "BridgeOutageIT")
          .put("central down s", outageMs / 1000)
          .put("QoS 1 acknowledged by the edge meanwhile", MESSAGES)
          .put(
              "edge restarted after",
              MESSAGES / 2
                  + " (s into the outage "
                  + TimeUnit.NANOSECONDS.toSeconds(edgeRestarted - down)
                  + ")")
          .put("received at the central", tally.distinct())
          .put("lost", tally.lost())
          .put("duplicated", tally.duplicates())
          .put("all delivered ms after the central returned", deliveredMs)
          .put("edge queue limit", bridges.queueLimit())
          .write();

      assertThat(all).as("all delivered; missing %s", tally.missingSample()).isTrue();
      assertThat(tally.lost()).isZero();
    }
  }

  /** Publishes sequence numbers [from, to) to the edge at QoS 1, each acknowledged by the edge. */
  private static void publish(MosquittoBroker edgeBroker, int from, int to) {
    try (MqttClient publisher =
        edgeBroker.passwordClient("pub").clientId("r10-pub-" + from).build()) {
      publisher.connect();
      for (int i = from; i < to; i++) {
        publisher.publish("bridged/seq", Tally.payload(i), 1, false);
      }
    }
  }

  private static void awaitState(RecordingHandler state, String expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String got = state.take(WAIT).payloadAsString();
      if (got.equals(expected)) {
        return;
      }
    }
    throw new AssertionError("the bridge state never became " + expected);
  }
}
