package io.github.simplemqtt.it.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.ClientMetrics;
import io.github.simplemqtt.client.ClientMetrics.State;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import io.github.simplemqtt.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MqttClient#metrics()} counts what happened, against a real mosquitto. */
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "alice-pw").withoutTls().build();

  @Test
  void countsPublishesDeliveriesAndTheConnectionsLife(
      MosquittoBroker broker, RecordingHandler received) throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      MqttClient client =
          broker
              .passwordClient("alice")
              .broker(proxy.host(), proxy.port())
              .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
              .connectionListener(
                  new ConnectionListener() {
                    @Override
                    public void connected(boolean sessionResumed) {
                      events.add("connected");
                    }

                    @Override
                    public void disconnected(MqttClientException cause, boolean reconnecting) {
                      events.add("disconnected");
                    }
                  })
              .build();
      assertThat(client.metrics().state()).isEqualTo(State.NEW);
      client.connect();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
      client.subscribe("metrics/t", 1, received);
      for (int i = 0; i < 10; i++) {
        client.publish("metrics/t", "m" + i, 1, false);
      }
      received.awaitCount(10, WAIT);
      await()
          .atMost(WAIT)
          .until(() -> client.metrics().acknowledged() == 10 && client.metrics().delivered() == 10);

      ClientMetrics metrics = client.metrics();
      assertThat(metrics.state()).isEqualTo(State.CONNECTED);
      assertThat(metrics.published()).isEqualTo(10);
      assertThat(metrics.acknowledged()).isEqualTo(10);
      assertThat(metrics.failed()).isZero();
      assertThat(metrics.inFlight()).isZero();
      assertThat(metrics.reconnects()).isZero();
      assertThat(metrics.lastDisconnectCause()).isEmpty();

      proxy.refuseNewConnections(true);
      proxy.resetAll();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");
      ClientMetrics cut = client.metrics();
      assertThat(cut.state()).isEqualTo(State.RECONNECTING);
      assertThat(cut.lastDisconnectCause())
          .hasValueSatisfying(cause -> assertThat(cause.getMessage()).contains(proxy.port() + ""));
      CompletableFuture<Void> waiting = client.publishAsync("metrics/t", "while away", 1, false);
      assertThat(client.metrics().inFlight()).isEqualTo(1);

      proxy.refuseNewConnections(false);
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
      waiting.get(10, TimeUnit.SECONDS);
      // A future completes just before its count moves.
      await().atMost(WAIT).until(() -> client.metrics().acknowledged() == 11);
      ClientMetrics back = client.metrics();
      assertThat(back.state()).isEqualTo(State.CONNECTED);
      assertThat(back.reconnects()).isEqualTo(1);
      assertThat(back.published()).isEqualTo(11);
      assertThat(back.acknowledged()).isEqualTo(11);

      proxy.refuseNewConnections(true);
      proxy.resetAll();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");
      CompletableFuture<Void> abandoned = client.publishAsync("metrics/t", "never", 1, false);
      client.close();
      assertThat(abandoned).isCompletedExceptionally();
      ClientMetrics closed = client.metrics();
      assertThat(closed.state()).isEqualTo(State.CLOSED);
      assertThat(closed.failed()).isEqualTo(1);
      assertThat(closed.inFlight()).isZero();
      assertThat(closed.toString()).startsWith("ClientMetrics[state=CLOSED, published=12,");
    }
  }

  @Test
  void countsQos0DroppedForASlowHandlerAndMessagesLeftAtClose(MosquittoBroker broker)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch first = new CountDownLatch(1);
    try (MqttClient publisher = broker.passwordClient("alice").build()) {
      MqttClient subscriber =
          broker.passwordClient("alice").maxQueuedBytesPerSubscription(64 * 1024).build();
      publisher.connect();
      subscriber.connect();
      subscriber.subscribe(
          "metrics/slow",
          0,
          message -> {
            first.countDown();
            release.await();
          });
      publisher.publish("metrics/slow", "first", 0, false);
      assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
      byte[] kilobyte = new byte[1024];
      for (int i = 0; i < 200; i++) {
        publisher.publish("metrics/slow", kilobyte, 0, false);
      }
      // QoS 1 behind the QoS 0 burst: when it is counted, the burst has been handled.
      publisher.publish("metrics/slow", "marker", 1, false);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  subscriber.metrics().droppedSlowHandler() > 0
                      && subscriber.metrics().droppedSlowHandler()
                          == subscriber.droppedQos0Messages());
      long dropped = subscriber.metrics().droppedSlowHandler();
      assertThat(dropped).isLessThan(200);

      subscriber.close(); // the handler is still stuck on the first message
      release.countDown();
      await().atMost(WAIT).until(() -> subscriber.metrics().droppedAtClose() > 0);
      ClientMetrics metrics = subscriber.metrics();
      assertThat(metrics.delivered()).isEqualTo(1);
      assertThat(metrics.delivered() + metrics.droppedSlowHandler() + metrics.droppedAtClose())
          .isEqualTo(202); // first, the burst of 200 and the marker
    }
  }
}
