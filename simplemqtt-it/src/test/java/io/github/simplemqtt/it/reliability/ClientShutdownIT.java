package io.github.simplemqtt.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.simplemqtt.client.ConnectionListener;
import io.github.simplemqtt.client.MqttClient;
import io.github.simplemqtt.client.MqttClientException;
import io.github.simplemqtt.client.MqttVersion;
import io.github.simplemqtt.testing.FaultProxy;
import io.github.simplemqtt.testing.MosquittoBroker;
import io.github.simplemqtt.testing.MosquittoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What close() does to work still outstanding. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientShutdownIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  MosquittoExtension mosquitto = MosquittoExtension.builder().user("alice", "pw").build();

  @ParameterizedTest
  @EnumSource(MqttVersion.class)
  void closeCompletesThePublishesHandedOverWhileTheConnectionWasDown(
      MqttVersion version, MosquittoBroker broker) throws Exception {
    CountDownLatch down = new CountDownLatch(1);
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.start(broker.host(), broker.port())) {
      MqttClient client =
          MqttClient.builder()
              .broker(proxy.host(), proxy.port())
              .credentials("alice", "pw")
              .mqttVersion(version)
              .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
              .connectionListener(
                  new ConnectionListener() {
                    @Override
                    public void disconnected(MqttClientException cause, boolean reconnecting) {
                      down.countDown();
                    }
                  })
              .build();
      client.connect();
      proxy.refuseNewConnections(true);
      proxy.resetAll();
      assertThat(down.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        pending.add(
            client.publishAsync(
                "shutdown/" + version, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false));
      }
      client.close();
    }
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(pending).allMatch(CompletableFuture::isDone));
    for (CompletableFuture<Void> future : pending) {
      assertThat(future)
          .isCompletedExceptionally()
          .failsWithin(Duration.ZERO)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause()
          .isInstanceOf(MqttClientException.class)
          .withMessageContaining("was closed before the broker acknowledged the message to");
    }
  }
}
