package io.github.simplemqtt.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.simplemqtt.broker.acl.AclAccess;
import io.github.simplemqtt.broker.acl.AclRule;
import io.github.simplemqtt.broker.bridge.Bridge;
import io.github.simplemqtt.broker.bridge.BridgeTopic;
import io.github.simplemqtt.broker.bridge.Bridges;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code doctor --dir EDGE}'s bridge step against a real edge bridged to a real central (both kit
 * brokers, bridged with {@link Bridges#addTo} as BridgeOutageIT does): it passes a connected bridge
 * without disturbing it, and names an unreachable central and the bridge's state when the central
 * is down.
 *
 * <p>Whether doctor's trial start of a copy of mosquitto.conf would push the real bridge out is a
 * race (the copy is stopped as soon as its listeners answer, often before its bridge finished the
 * TLS handshake), so the first test shows the whole run leaves the bridge alone but cannot be
 * relied on to catch a copy that connects; ConfigCheckIT catches that every time, at the TCP level.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // healthy first: no reconnect to wait for
class BridgeDoctorIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static MosquittoExtension edge = MosquittoExtension.builder().certificate("watcher").build();

  @RegisterExtension
  static MosquittoExtension central =
      MosquittoExtension.builder()
          .user("sub", "sub-pw")
          .acl(AclRule.forUser("sub", AclAccess.READ, "bridged/#"))
          .build();

  static Bridge bridge;

  @BeforeAll
  static void bridgeTheEdgeToTheCentral() {
    bridge =
        Bridges.of(edge.broker().directory())
            .addTo(
                "site1",
                central.broker().directory(),
                List.of(BridgeTopic.parse("bridged/# out 1")),
                false)
            .bridge();
  }

  @Test
  @Order(1)
  void aConnectedBridgePassesAndTheConfigTrialDoesNotConnectASecondOne() {
    awaitState("1");
    MosquittoBroker centralBroker = central.broker();
    long connectionsBefore = bridgeConnections(centralBroker);
    assertThat(connectionsBefore)
        .as("the real bridge's connection, in the central's log")
        .isPositive();

    DoctorRun run = DoctorRun.of("--dir", edge.broker().path().toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "passed   5 bridge  site1: "
                + bridge.address()
                + " accepts the bridge's certificate (site1)")
        .contains("passed   5 bridge  site1: connection state: connected (" + bridge.stateTopic())
        .doesNotContain("FAILED");
    // doctor's trial start of a copy of mosquitto.conf checks the bridge section but must not
    // connect it: the central would take the copy for the bridge and push the real one out.
    List<String> log = centralBroker.logTail(10_000);
    assertThat(log).noneMatch(line -> line.contains("Client site1 already connected"));
    assertThat(bridgeConnections(centralBroker)).isEqualTo(connectionsBefore);
    assertThat(currentState()).as("the real bridge stays connected").isEqualTo("1");
  }

  @Test
  @Order(2)
  void aStoppedCentralIsNamedAndSoIsTheBridgesState() {
    awaitState("1");
    MosquittoBroker centralBroker = central.broker();
    String address = "127.0.0.1:" + centralBroker.tlsPort();
    centralBroker.stop();
    awaitState("0");

    DoctorRun run = DoctorRun.of("--dir", edge.broker().path().toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.failure())
        .isEqualTo("FAILED   5 bridge  site1: nothing listening on " + address);
    assertThat(run.cause())
        .isEqualTo(
            "Nothing is listening on "
                + address
                + " (the connection was refused): the broker is not running, or it listens on"
                + " another port or address.");
    assertThat(run.lines())
        .map(String::strip)
        .contains(
            "FAILED   5 bridge  site1: connection state: not connected ("
                + bridge.stateTopic()
                + " is 0)")
        .contains(
            "cause: mosquitto's bridge site1 is not connected to "
                + address
                + "; it retries every few seconds.");
  }

  /** Until the bridge's state, retained on the edge, is {@code expected}. */
  private static void awaitState(String expected) {
    try (MqttClient watcher = edge.broker().tlsClient("watcher").build()) {
      RecordingHandler states = new RecordingHandler();
      watcher.connect();
      watcher.subscribe(bridge.stateTopic(), 1, states);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        if (states.take(WAIT).payloadAsString().equals(expected)) {
          return;
        }
      }
    }
    throw new AssertionError("the bridge's state never became " + expected);
  }

  /** The retained state now: the first message a new subscription gets. */
  private static String currentState() {
    try (MqttClient watcher = edge.broker().tlsClient("watcher").build()) {
      RecordingHandler states = new RecordingHandler();
      watcher.connect();
      watcher.subscribe(bridge.stateTopic(), 1, states);
      return states.take(WAIT).payloadAsString();
    }
  }

  /** How often the central logged a client connecting with the bridge's client id. */
  private static long bridgeConnections(MosquittoBroker centralBroker) {
    return centralBroker.logTail(10_000).stream()
        .filter(line -> line.contains("New client connected from ") && line.contains(" as site1 ("))
        .count();
  }
}
