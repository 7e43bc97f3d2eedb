package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.BrokerRefusedException;
import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R5 (black hole on connect), R8 (same client id twice) and S1 (no reconnect storm after a
 * refusal): failures that must end quickly, in words, without threads or retries piling up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectFailuresIT {
  @RegisterExtension
  MosquittoExtension mosquitto =
      MosquittoExtension.builder()
          .user("alice", "pw")
          .user("carol", "pw")
          .certificate("bob")
          .build();

  @Test
  void blackHoleFailsWithinTheConnectTimeoutAndLeaksNoThread(MosquittoBroker broker)
      throws Exception {
    Duration timeout = Duration.ofSeconds(2);
    Set<String> before = clientThreads();
    List<Long> elapsedMs = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      proxy.blackHole(true);
      for (int attempt = 0; attempt < 5; attempt++) {
        try (MqttClient client =
            MqttClient.builder()
                .broker(proxy.host(), proxy.port())
                .credentials("alice", "pw")
                .connectTimeout(timeout)
                .build()) {
          long start = System.nanoTime();
          assertThatThrownBy(client::connect)
              .isInstanceOf(ConnectionException.class)
              .hasMessageContaining(proxy.host() + ":" + proxy.port());
          elapsedMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
      }
    }
    // Netty's event loop ends after a quiet period; a starved machine takes its time.
    await("threads of the failed clients end")
        .atMost(Duration.ofSeconds(45))
        .untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
    Figures.of("R5", "ConnectFailuresIT#blackHoleFailsWithinTheConnectTimeoutAndLeaksNoThread")
        .put("connect timeout ms", timeout.toMillis())
        .put("connect() failed after ms", elapsedMs)
        .put("threads left", newThreads(before).size())
        .write();
    assertThat(elapsedMs).allSatisfy(ms -> assertThat(ms).isLessThan(timeout.toMillis() + 1_000));
  }

  @Test
  void clientPushedOutBySameIdSaysSoAndDoesNotFight(MosquittoBroker broker) throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port());
        MqttClient first = twin(proxy, "first", events);
        MqttClient second = twin(proxy, "second", events)) {
      first.connect();
      long start = System.nanoTime();
      second.connect();
      String pushedOut = null;
      while (pushedOut == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
        String event = events.poll(1, TimeUnit.SECONDS);
        if (event != null && event.contains("not reconnecting")) {
          pushedOut = event;
        }
      }
      assertThat(pushedOut)
          .as("one twin gives up; events: %s", events)
          .isNotNull()
          .contains("same client id 'twin'")
          .contains("give each client its own clientId");
      long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int connections = proxy.acceptedConnections();
      // Reconnects at 50-200 ms would show within this second; none may come.
      await("the fight is over")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> proxy.acceptedConnections() == connections);
      assertThat(first.isConnected() ^ second.isConnected())
          .as("exactly one twin stays connected")
          .isTrue();
      Figures.of("R8", "ConnectFailuresIT#clientPushedOutBySameIdSaysSoAndDoesNotFight")
          .put("connections before one twin gave up", connections)
          .put("settled after ms", settledMs)
          .put("it said", "\"" + pushedOut.replace("|", "/") + "\"")
          .write();
    }
  }

  @Test
  void twoBrokerRestartsRightAfterConnectingAreNotTakenForATwin(MosquittoBroker broker)
      throws Exception {
    // As two kit commands in a row do (user remove, then cert revoke): each restarts the broker.
    // A first retry after 1 s finds the broker back, so no failed attempt tells the restarts from
    // a twin taking the session over: the client must wait and see instead of giving up.
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (MqttClient client =
        broker
            .passwordClient("alice")
            .reconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .connectionListener(recorder(events))
            .build()) {
      client.connect();
      // Listeners hear of the connection on their own thread; that event must not count below.
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("connected"));
      events.clear();
      broker.restart();
      await("reconnected after the first restart")
          .atMost(Duration.ofSeconds(30))
          .until(() -> events.contains("connected"));
      broker.restart();
      await("connected after the second restart")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  events.stream().filter("connected"::equals).count() == 2
                      || events.stream().anyMatch(event -> event.contains("not reconnecting")));
      assertThat(events)
          .as("events")
          .noneMatch(event -> event.contains("not reconnecting"))
          .filteredOn(event -> event.startsWith("disconnected"))
          .hasSize(2);
      assertThat(client.isConnected()).isTrue();
    }
  }

  private static MqttClient twin(FaultProxy proxy, String name, BlockingQueue<String> events) {
    return MqttClient.builder()
        .broker(proxy.host(), proxy.port())
        .credentials("alice", "pw")
        .clientId("twin")
        .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
        .connectionListener(recorder(events))
        .build();
  }

  @Test
  void refusalsAreReportedAtOnceAndNotRetriedAtFullSpeed(MosquittoBroker broker) throws Exception {
    // First attempt: the answer comes from connect() at once, after one attempt, not retries.
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      try (MqttClient wrong =
          MqttClient.builder()
              .broker(proxy.host(), proxy.port())
              .credentials("alice", "wrong")
              .build()) {
        assertThatThrownBy(wrong::connect)
            .isInstanceOf(BrokerRefusedException.class)
            .hasMessageContaining("not authorised");
      }
      assertThat(proxy.acceptedConnections()).as("connection attempts").isEqualTo(1);
    }
    Duration maxDelay = Duration.ofSeconds(3);
    Duration window = Duration.ofSeconds(7);
    BlockingQueue<String> passwordEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> tlsEvents = new LinkedBlockingQueue<>();
    RecordingHandler unused = new RecordingHandler();
    try (FaultProxy passwordProxy = FaultProxy.start(broker.host(), broker.port());
        FaultProxy tlsProxy = FaultProxy.start(broker.host(), broker.tlsPort());
        MqttClient carol =
            MqttClient.builder()
                .broker(passwordProxy.host(), passwordProxy.port())
                .credentials("carol", "pw")
                .reconnectDelay(Duration.ofMillis(50), maxDelay)
                .connectionListener(recorder(passwordEvents))
                .build();
        MqttClient bob =
            broker
                .tlsClient("bob")
                .broker(tlsProxy.host(), tlsProxy.port())
                .reconnectDelay(Duration.ofMillis(50), maxDelay)
                .connectionListener(recorder(tlsEvents))
                .build()) {
      carol.connect();
      bob.connect();
      bob.subscribe("s1/#", 1, unused);
      // The password is withdrawn and the certificate revoked while both are connected; the kit
      // restarts the broker, which drops both connections, and every reconnect is refused.
      // Attempts are counted once both commands are done: while the broker restarts, the clients
      // retry a broker that is down (fast backoff, as they should), and on a loaded machine the
      // two restarts take long enough for several such retries.
      broker.directory().removeUser("carol");
      broker.directory().revokeClient("bob");
      int passwordBefore = passwordProxy.acceptedConnections();
      int tlsBefore = tlsProxy.acceptedConnections();
      TimeUnit.MILLISECONDS.sleep(window.toMillis()); // the observation window itself
      int passwordAttempts = passwordProxy.acceptedConnections() - passwordBefore;
      int tlsAttempts = tlsProxy.acceptedConnections() - tlsBefore;
      Figures.of("S1", "ConnectFailuresIT#refusalsAreReportedAtOnceAndNotRetriedAtFullSpeed")
          .put("reconnect attempts in 7 s, password withdrawn", passwordAttempts)
          .put("certificate revoked", tlsAttempts)
          .put("retry delay after a refusal s", maxDelay.toSeconds())
          .write();
      // 50 ms backoff would make dozens of attempts; a refusal waits the 3 s maximum each time.
      assertThat(passwordAttempts).isLessThanOrEqualTo(4);
      assertThat(tlsAttempts).isLessThanOrEqualTo(4);
      // And they keep trying (a starved machine may need longer than the window for that).
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  passwordProxy.acceptedConnections() > passwordBefore
                      && tlsProxy.acceptedConnections() > tlsBefore);
      assertThat(carol.isConnected()).isFalse();
      assertThat(bob.isConnected()).isFalse();
    }
  }

  private static ConnectionListener recorder(BlockingQueue<String> events) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {
        events.add("connected");
      }

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        events.add(
            "disconnected, "
                + (reconnecting ? "reconnecting: " : "not reconnecting: ")
                + cause.getMessage());
      }
    };
  }

  private static Set<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(t -> t.getName() + "#" + t.getId())
        .filter(
            n ->
                n.startsWith("simplemqtt-")
                    || n.startsWith("com.hivemq")
                    || n.startsWith("fault-proxy"))
        .collect(Collectors.toSet());
  }

  private static Set<String> newThreads(Set<String> before) {
    Set<String> now = clientThreads();
    now.removeAll(before);
    return now;
  }
}
