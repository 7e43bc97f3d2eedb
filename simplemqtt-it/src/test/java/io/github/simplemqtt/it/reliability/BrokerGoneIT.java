package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.simplemqtt.client.ConnectionException;
import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * R4: the broker is gone for 60 s. Meanwhile {@code publishAsync} queues up to {@code
 * maxPendingPublishes} messages, and a publish beyond that bound fails after {@code publishTimeout}
 * with a clear error instead of blocking. When the broker returns, the clients reconnect within the
 * maximum backoff + 2 s and the queued messages are delivered.
 *
 * <p>Runs concurrently with the other test classes: it spends most of its minute waiting.
 */
@Execution(ExecutionMode.CONCURRENT)
class BrokerGoneIT {
  static final Duration ABSENCE = Duration.ofSeconds(60);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
  static final int BOUND = 100;

  @RegisterExtension
  MosquittoExtension mosquitto =
      MosquittoExtension.builder().user("alice", "pw").withoutTls().build();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void publishesQueueUpToTheBoundAndClientsReturnWithTheBroker(MosquittoBroker broker)
      throws Exception {
    Tally tally = new Tally(BOUND);
    BlockingQueue<String> subscriberEvents = new LinkedBlockingQueue<>();
    BlockingQueue<String> publisherEvents = new LinkedBlockingQueue<>();
    try (MqttClient subscriber =
            client(broker, "r4-sub").connectionListener(recorder(subscriberEvents)).build();
        MqttClient publisher =
            client(broker, "r4-pub")
                .maxPendingPublishes(BOUND)
                .publishTimeout(PUBLISH_TIMEOUT)
                .connectionListener(recorder(publisherEvents))
                .build()) {
      subscriber.connect();
      subscriber.subscribe("r4/seq", 1, tally);
      publisher.connect();
      assertThat(subscriberEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");
      assertThat(publisherEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("connected");

      long gone = System.nanoTime();
      broker.stop();
      assertThat(subscriberEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");
      assertThat(publisherEvents.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");

      List<CompletableFuture<Void>> queued = new ArrayList<>();
      for (int i = 0; i < BOUND; i++) {
        queued.add(publisher.publishAsync("r4/seq", Tally.payload(i), 1, false));
      }
      assertThat(queued).noneMatch(CompletableFuture::isDone);

      long start = System.nanoTime();
      CompletableFuture<Void> beyond = publisher.publishAsync("r4/seq", Tally.payload(0), 1, false);
      long beyondMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThatThrownBy(() -> beyond.get(1, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining(BOUND + " messages are already waiting")
          .hasMessageContaining("raise maxPendingPublishes");
      String refusal = beyond.handle((ok, e) -> e.getMessage()).get();

      start = System.nanoTime();
      assertThatThrownBy(() -> publisher.publish("r4/seq", "blocking", 1, false))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("already waiting");
      long blockingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      long left = gone + ABSENCE.toNanos() - System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, left)); // the outage itself
      broker.start();
      long returned = System.nanoTime();
      assertThat(subscriberEvents.poll(30, TimeUnit.SECONDS)).startsWith("connected");
      long subscriberBackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);
      assertThat(publisherEvents.poll(30, TimeUnit.SECONDS)).startsWith("connected");
      long publisherBackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);

      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      boolean delivered = tally.awaitAll(Duration.ofSeconds(10));

      Figures.of("R4", "BrokerGoneIT")
          .put("broker away s", ABSENCE.toSeconds())
          .put("queued while away (maxPendingPublishes)", BOUND)
          .put("delivered after return", tally.distinct())
          .put("lost", tally.lost())
          .put("publishAsync beyond the bound failed after ms", beyondMs)
          .put("publish() beyond the bound failed after ms", blockingMs)
          .put(
              "reconnected ms after return (sub/pub, bound "
                  + (MAX_BACKOFF.toMillis() + 2_000)
                  + ")",
              subscriberBackMs + "/" + publisherBackMs)
          .put("error", "\"" + refusal + "\"")
          .write();

      long bound = PUBLISH_TIMEOUT.toMillis() + 1_000;
      assertThat(beyondMs).isLessThan(bound);
      assertThat(blockingMs).isLessThan(bound);
      assertThat(subscriberBackMs).isLessThan(MAX_BACKOFF.toMillis() + 2_000);
      assertThat(publisherBackMs).isLessThan(MAX_BACKOFF.toMillis() + 2_000);
      assertThat(delivered)
          .as("queued messages delivered; missing %s", tally.missingSample())
          .isTrue();
    }
  }

  private static MqttClient.Builder client(MosquittoBroker broker, String clientId) {
    return broker
        .passwordClient("alice")
        .clientId(clientId)
        .cleanStart(false)
        .reconnectDelay(Duration.ofMillis(250), MAX_BACKOFF);
  }

  private static ConnectionListener recorder(BlockingQueue<String> events) {
    return new ConnectionListener() {
      @Override
      public void connected(boolean sessionResumed) {
        events.add("connected" + (sessionResumed ? ", resumed" : ""));
      }

      @Override
      public void disconnected(MqttClientException cause, boolean reconnecting) {
        events.add("disconnected");
      }
    };
  }
}
